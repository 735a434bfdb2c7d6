// Every route of the SPA, in one place.

export const paths = {
  home: { path: '/', href: () => '/' },
  classroom: {
    path: '/classroom',
    href: (category?: string) =>
      category ? `/classroom?category=${encodeURIComponent(category)}` : '/classroom',
  },
  classroomCourse: {
    path: '/classroom/courses/:courseId',
    href: (courseId: string) => `/classroom/courses/${encodeURIComponent(courseId)}`,
  },
  /** The target of the QR code shown on site: signs the visitor in to the live course. */
  classroomCourseSignIn: {
    path: '/classroom/courses/:courseId/sign-in',
    href: (courseId: string, code?: string) =>
      `/classroom/courses/${encodeURIComponent(courseId)}/sign-in` +
      (code ? `?code=${encodeURIComponent(code)}` : ''),
  },
  /** The QR target as the API names it (`SignInCode.path`): forwards to the one above. */
  courseSignInCode: { path: '/courses/:courseId/sign-in' },
  classroomProvider: {
    path: '/classroom/providers/:providerId',
    href: (providerId: string) => `/classroom/providers/${encodeURIComponent(providerId)}`,
  },
  classes: { path: '/classes', href: () => '/classes' },
  membership: { path: '/membership', href: () => '/membership' },
  userCenter: { path: '/user-center', href: () => '/user-center' },
  /** `org`: which of the user's orgs to show; `tab`: `info` (default) or `members`. */
  enterprise: {
    path: '/enterprise',
    href: (org?: string, tab?: 'members') => {
      const query = new URLSearchParams();
      if (org) query.set('org', org);
      if (tab) query.set('tab', tab);
      const search = query.toString();
      return search ? `/enterprise?${search}` : '/enterprise';
    },
  },
  messages: {
    path: '/messages',
    href: (page?: number) => (page && page > 1 ? `/messages?page=${page}` : '/messages'),
  },
  /** `next`: the path to return to after signing in. */
  login: {
    path: '/login',
    href: (next?: string) =>
      next && next !== '/' ? `/login?next=${encodeURIComponent(next)}` : '/login',
  },
  /**
   * Where the API's SSO callback sends the browser: `?code=` (signed in, to exchange) or
   * `?ticket=` (a first sign-in: bind a phone or create an account), with `next`.
   */
  loginSso: { path: '/login/sso', href: () => '/login/sso' },
  resetPassword: { path: '/reset-password', href: () => '/reset-password' },
} as const;
