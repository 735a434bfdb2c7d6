import type { Messages } from './zh-cn';

export const en: Messages = {
  app: {
    name: '课堂 Ketang',
    tagline: 'Cloud classroom · Enterprise training · Membership',
    footer: 'Ketang — talent development and membership services in one place',
    apiDocs: 'API documentation',
  },
  nav: {
    home: 'Home',
    classroom: 'Talent · Cloud classroom',
    classes: 'Training classes',
    membership: 'Membership',
    userCenter: 'User center',
    menu: 'Menu',
    language: 'Language',
  },
  home: {
    heroTitle: 'Enterprise training and membership services, made simple',
    heroText:
      'Quality course providers, live training with certified study hours, and association dues — all on one platform.',
    browseCourses: 'Browse the cloud classroom',
    categoriesTitle: 'Course topics',
    categoriesEmpty: 'No course topics yet',
    loadFailed: 'Could not load the course topics',
    retry: 'Retry',
  },
  comingSoon: {
    title: 'Coming soon',
    text: '{{feature}} is being built. Please check back soon.',
    back: 'Back to home',
  },
  notFound: {
    title: 'Page not found',
    text: 'The page you are looking for does not exist or has been removed.',
    back: 'Back to home',
  },
  errors: {
    unexpected: 'Something went wrong',
    unexpectedText: 'The problem has been reported. Please reload the page.',
    reload: 'Reload',
    network: 'Network error: check your connection and retry',
  },
};
