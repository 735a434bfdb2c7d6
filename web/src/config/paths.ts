// Every route of the SPA, in one place.

const legalHref = (kind: string, version?: number) =>
  `/legal/${kind}` + (version === undefined ? '' : `?version=${version}`);

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
  /** 培训班级: the class list of one of the user's orgs (`org`; the first by default). */
  classes: {
    path: '/classes',
    href: (org?: string) => (org ? `/classes?org=${encodeURIComponent(org)}` : '/classes'),
  },
  /**
   * One class: `tab` is `students` (default), `overview`, `sessions`, `records`,
   * `certificate` or `subsidy`.
   */
  classDetail: {
    path: '/classes/:orgId/:classId',
    href: (orgId: string, classId: string, tab?: string) =>
      `/classes/${encodeURIComponent(orgId)}/${encodeURIComponent(classId)}` +
      (tab ? `?tab=${encodeURIComponent(tab)}` : ''),
  },
  /** The public page a certificate's QR code opens (`Certificate.verify_url`). */
  verifyCertificate: {
    path: '/verify/:serial',
    href: (serial: string) => `/verify/${encodeURIComponent(serial)}`,
  },
  /** 我的学习记录: the classes that list the signed-in user's phone as a student. */
  myLearning: { path: '/my-learning', href: () => '/my-learning' },
  /** 会员服务: the landing, or a member's home (`tab`: `profile` (default), `dues`, `payments`). */
  membership: {
    path: '/membership',
    href: (tab?: string) =>
      tab && tab !== 'profile' ? `/membership?tab=${encodeURIComponent(tab)}` : '/membership',
  },
  membershipRegister: { path: '/membership/register', href: () => '/membership/register' },
  membershipStatus: { path: '/membership/status', href: () => '/membership/status' },
  /** Member sign-in (password, then WeChat); the API sends `?member_error=` back here. */
  membershipLogin: { path: '/membership/login', href: () => '/membership/login' },
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
  /** 企业开发者接入 (owners): `org` picks one of the user's orgs; `tab`: `keys` (default) or `webhooks`. */
  developerAccess: {
    path: '/developer-access',
    href: (org?: string, tab?: 'webhooks') => {
      const query = new URLSearchParams();
      if (org) query.set('org', org);
      if (tab) query.set('tab', tab);
      const search = query.toString();
      return search ? `/developer-access?${search}` : '/developer-access';
    },
  },
  /**
   * The texts users agree to (public), each with its own page title: the current version, or
   * `version` of the history.
   */
  legalTerms: { path: '/legal/terms', href: (version?: number) => legalHref('terms', version) },
  legalPrivacy: {
    path: '/legal/privacy',
    href: (version?: number) => legalHref('privacy', version),
  },
  legalCharter: {
    path: '/legal/charter',
    href: (version?: number) => legalHref('charter', version),
  },
  /** The public developer guide (the interactive API reference is the server's `/docs/`). */
  developers: { path: '/developers', href: () => '/developers' },
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
  /** 完善服务商信息: apply to be a provider, or see the application. `org`: which org. */
  provider: {
    path: '/provider',
    href: (org?: string) => (org ? `/provider?org=${encodeURIComponent(org)}` : '/provider'),
  },
  /** 服务商后台 of one org: courses (the default), lecturers, profile. */
  providerConsole: {
    path: '/provider-console/:orgId',
    href: (orgId: string) => `/provider-console/${encodeURIComponent(orgId)}`,
  },
  providerCourses: {
    path: '/provider-console/:orgId/courses',
    href: (orgId: string) => `/provider-console/${encodeURIComponent(orgId)}/courses`,
  },
  providerCourseNew: {
    path: '/provider-console/:orgId/courses/new',
    href: (orgId: string) => `/provider-console/${encodeURIComponent(orgId)}/courses/new`,
  },
  providerCourseEdit: {
    path: '/provider-console/:orgId/courses/:courseId/edit',
    href: (orgId: string, courseId: string) =>
      `/provider-console/${encodeURIComponent(orgId)}/courses/${encodeURIComponent(courseId)}/edit`,
  },
  /** One course: `tab` is `history` (default), `comments`, `enrollments`, `sign-ins`, `qr`. */
  providerCourse: {
    path: '/provider-console/:orgId/courses/:courseId',
    href: (orgId: string, courseId: string, tab?: string) =>
      `/provider-console/${encodeURIComponent(orgId)}/courses/${encodeURIComponent(courseId)}` +
      (tab ? `?tab=${encodeURIComponent(tab)}` : ''),
  },
  providerLecturers: {
    path: '/provider-console/:orgId/lecturers',
    href: (orgId: string) => `/provider-console/${encodeURIComponent(orgId)}/lecturers`,
  },
  providerProfile: {
    path: '/provider-console/:orgId/profile',
    href: (orgId: string) => `/provider-console/${encodeURIComponent(orgId)}/profile`,
  },
  /** 管理后台 (platform operators): the review inbox. */
  admin: { path: '/admin', href: () => '/admin' },
  /** `status`: `pending` (default), `approved`, `rejected`. */
  adminProviderReviews: {
    path: '/admin/reviews/providers',
    href: (status?: string) =>
      status && status !== 'pending'
        ? `/admin/reviews/providers?status=${encodeURIComponent(status)}`
        : '/admin/reviews/providers',
  },
  adminProviderReview: {
    path: '/admin/reviews/providers/:revisionId',
    href: (revisionId: string) => `/admin/reviews/providers/${encodeURIComponent(revisionId)}`,
  },
  adminCourseReviews: {
    path: '/admin/reviews/courses',
    href: (status?: string) =>
      status && status !== 'pending'
        ? `/admin/reviews/courses?status=${encodeURIComponent(status)}`
        : '/admin/reviews/courses',
  },
  adminCourseReview: {
    path: '/admin/reviews/courses/:revisionId',
    href: (revisionId: string) => `/admin/reviews/courses/${encodeURIComponent(revisionId)}`,
  },
  /** 会员审核: `status` is `pending` (default), `approved` or `rejected`. */
  adminMemberReviews: {
    path: '/admin/reviews/members',
    href: (status?: string) =>
      status && status !== 'pending'
        ? `/admin/reviews/members?status=${encodeURIComponent(status)}`
        : '/admin/reviews/members',
  },
  adminMemberReview: {
    path: '/admin/reviews/members/:membershipId',
    href: (membershipId: string) => `/admin/reviews/members/${encodeURIComponent(membershipId)}`,
  },
  /**
   * 线下缴费确认: `status` is `submitted` (default), `flagged` (online payments held for
   * review), `confirmed` or `rejected`.
   */
  adminOfflinePayments: {
    path: '/admin/reviews/offline-payments',
    href: (status?: string) =>
      status && status !== 'submitted'
        ? `/admin/reviews/offline-payments?status=${encodeURIComponent(status)}`
        : '/admin/reviews/offline-payments',
  },
  /** 会员设置: levels, user types, tags and the fee schedule. */
  adminMembershipSettings: {
    path: '/admin/membership-settings',
    href: () => '/admin/membership-settings',
  },
  /** The subsidy queue (the training-classes feature's page). */
  adminSubsidyReviews: { path: '/admin/reviews/subsidies', href: () => '/admin/reviews/subsidies' },
  /** 数据看板 (operators): the platform's counts and 30-day trends. */
  adminDashboard: { path: '/admin/dashboard', href: () => '/admin/dashboard' },
  /** 用户管理: `q`, `status`, `page` in the address. */
  adminUsers: { path: '/admin/users', href: () => '/admin/users' },
  /** 企业管理: `q`, `certification`, `page` in the address. */
  adminOrgs: { path: '/admin/orgs', href: () => '/admin/orgs' },
  /** 数据字典: `dictionary` is `categories` (default) or `class-types`. */
  adminDictionaries: {
    path: '/admin/dictionaries',
    href: (dictionary?: string) =>
      dictionary && dictionary !== 'categories'
        ? `/admin/dictionaries?dictionary=${encodeURIComponent(dictionary)}`
        : '/admin/dictionaries',
  },
  /** 审计日志: the filters (`action`, `object_type`, `from`, …) and `page` in the address. */
  adminAuditLog: { path: '/admin/audit-log', href: () => '/admin/audit-log' },
  /** 法律文本: `kind` is `terms` (default), `privacy` or `charter`. */
  adminLegal: {
    path: '/admin/legal',
    href: (kind?: string) =>
      kind && kind !== 'terms' ? `/admin/legal?kind=${encodeURIComponent(kind)}` : '/admin/legal',
  },
} as const;
