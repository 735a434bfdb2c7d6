// Every route of the SPA, in one place.

export const paths = {
  home: { path: '/', href: () => '/' },
  classroom: {
    path: '/classroom',
    href: (category?: string) =>
      category ? `/classroom?category=${encodeURIComponent(category)}` : '/classroom',
  },
  classes: { path: '/classes', href: () => '/classes' },
  membership: { path: '/membership', href: () => '/membership' },
  userCenter: { path: '/user-center', href: () => '/user-center' },
  /** `next`: the path to return to after signing in. */
  login: {
    path: '/login',
    href: (next?: string) =>
      next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login',
  },
  resetPassword: { path: '/reset-password', href: () => '/reset-password' },
} as const;
