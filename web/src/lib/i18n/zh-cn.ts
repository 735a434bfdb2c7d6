export const zhCN = {
  app: {
    name: '课堂 Ketang',
    tagline: '云课堂 · 企业培训 · 会员服务',
    footer: '课堂 Ketang — 一站式人才培养与会员服务平台',
    apiDocs: '开放接口文档',
  },
  nav: {
    home: '首页',
    classroom: '人才培养·云课堂',
    classes: '培训班级',
    membership: '会员服务',
    userCenter: '用户中心',
    menu: '菜单',
    language: '语言',
  },
  home: {
    heroTitle: '让企业培训与会员服务更简单',
    heroText: '优质课程服务商、直播培训与学时认定、协会会员缴费，一个平台全部完成。',
    browseCourses: '浏览云课堂',
    categoriesTitle: '课程分类',
    categoriesEmpty: '暂无课程分类',
    loadFailed: '课程分类加载失败',
    retry: '重试',
  },
  comingSoon: {
    title: '即将开放',
    text: '{{feature}}功能正在建设中，敬请期待。',
    back: '返回首页',
  },
  notFound: {
    title: '页面不存在',
    text: '您访问的页面不存在或已被移除。',
    back: '返回首页',
  },
  errors: {
    unexpected: '页面出现错误',
    unexpectedText: '我们已记录此问题。请刷新页面重试。',
    reload: '刷新页面',
    network: '网络连接失败，请检查网络后重试',
  },
};

export type Messages = typeof zhCN;
