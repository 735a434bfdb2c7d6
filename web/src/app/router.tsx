import { useState } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router-dom';

import { RequireOperator } from '@/components/require-operator';
import { RequireSignIn } from '@/components/require-sign-in';
import { paths } from '@/config/paths';
import type { RouteHandle } from '@/hooks/use-page-title';
import type { Messages } from '@/lib/i18n/zh-cn';

import { AppLayout } from './layout/app-layout';
import {
  AdminCourseReviewRoute,
  AdminCourseReviewsRoute,
  AdminInboxRoute,
  AdminProviderReviewRoute,
  AdminProviderReviewsRoute,
} from './routes/admin';
import {
  AdminAuditLogRoute,
  AdminConsoleLayout,
  AdminDashboardRoute,
  AdminDictionariesRoute,
  AdminOrgsRoute,
  AdminUsersRoute,
} from './routes/admin-console';
import {
  AdminMemberReviewRoute,
  AdminMemberReviewsRoute,
  AdminMembershipSettingsRoute,
  AdminOfflinePaymentsRoute,
} from './routes/admin-membership';
import { AdminSubsidyReviewsRoute } from './routes/admin-subsidy-reviews';
import { ClassDetailRoute } from './routes/class-detail';
import { ClassesRoute } from './routes/classes';
import { ClassroomRoute } from './routes/classroom';
import { ClassroomCourseRoute } from './routes/classroom-course';
import { ClassroomProviderRoute } from './routes/classroom-provider';
import { ClassroomSignInRoute, CourseSignInCodeRedirect } from './routes/classroom-sign-in';
import { DeveloperAccessRoute } from './routes/developer-access';
import { DevelopersRoute } from './routes/developers';
import { EnterpriseRoute } from './routes/enterprise';
import { HomeRoute } from './routes/home';
import { AdminLegalRoute, LegalRoute } from './routes/legal';
import { LoginRoute } from './routes/login';
import { LoginSsoRoute } from './routes/login-sso';
import {
  MembershipLoginRoute,
  MembershipRegisterRoute,
  MembershipRoute,
  MembershipStatusRoute,
} from './routes/membership';
import { MessagesRoute } from './routes/messages';
import { MyLearningRoute } from './routes/my-learning';
import { NotFoundRoute } from './routes/not-found';
import { ProviderRoute } from './routes/provider';
import {
  ProviderConsoleIndex,
  ProviderConsoleLayout,
  ProviderCourseEditRoute,
  ProviderCourseRoute,
  ProviderCoursesRoute,
  ProviderLecturersRoute,
  ProviderProfileRoute,
} from './routes/provider-console';
import { ResetPasswordRoute } from './routes/reset-password';
import { UserCenterRoute } from './routes/user-center';
import { VerifyCertificateRoute } from './routes/verify-certificate';

/** The page's name in the browser tab (`hooks/use-page-title.ts`): a key under `titles.`. */
const titled = (page: keyof Messages['titles']): RouteHandle => ({ title: `titles.${page}` });

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { path: paths.home.path, handle: titled('home'), element: <HomeRoute /> },
      { path: paths.login.path, handle: titled('login'), element: <LoginRoute /> },
      { path: paths.loginSso.path, handle: titled('loginSso'), element: <LoginSsoRoute /> },
      {
        path: paths.resetPassword.path,
        handle: titled('resetPassword'),
        element: <ResetPasswordRoute />,
      },
      { path: paths.classroom.path, handle: titled('classroom'), element: <ClassroomRoute /> },
      {
        path: paths.classroomCourse.path,
        handle: titled('course'),
        element: <ClassroomCourseRoute />,
      },
      {
        path: paths.classroomProvider.path,
        handle: titled('providerPage'),
        element: <ClassroomProviderRoute />,
      },
      {
        path: paths.courseSignInCode.path,
        handle: titled('courseSignIn'),
        element: <CourseSignInCodeRedirect />,
      },
      {
        element: <RequireSignIn />,
        children: [
          {
            path: paths.classroomCourseSignIn.path,
            handle: titled('courseSignIn'),
            element: <ClassroomSignInRoute />,
          },
        ],
      },
      {
        element: <RequireSignIn />,
        children: [
          {
            path: paths.userCenter.path,
            handle: titled('userCenter'),
            element: <UserCenterRoute />,
          },
          {
            path: paths.enterprise.path,
            handle: titled('enterprise'),
            element: <EnterpriseRoute />,
          },
          {
            path: paths.developerAccess.path,
            handle: titled('developerAccess'),
            element: <DeveloperAccessRoute />,
          },
          { path: paths.messages.path, handle: titled('messages'), element: <MessagesRoute /> },
          { path: paths.provider.path, handle: titled('provider'), element: <ProviderRoute /> },
          {
            path: paths.providerConsole.path,
            handle: titled('console'),
            element: <ProviderConsoleLayout />,
            children: [
              { index: true, handle: titled('console'), element: <ProviderConsoleIndex /> },
              {
                path: paths.providerCourses.path,
                handle: titled('consoleCourses'),
                element: <ProviderCoursesRoute />,
              },
              {
                path: paths.providerCourseNew.path,
                handle: titled('consoleCourseNew'),
                element: <ProviderCourseEditRoute />,
              },
              {
                path: paths.providerCourseEdit.path,
                handle: titled('consoleCourseEdit'),
                element: <ProviderCourseEditRoute />,
              },
              {
                path: paths.providerCourse.path,
                handle: titled('consoleCourse'),
                element: <ProviderCourseRoute />,
              },
              {
                path: paths.providerLecturers.path,
                handle: titled('consoleLecturers'),
                element: <ProviderLecturersRoute />,
              },
              {
                path: paths.providerProfile.path,
                handle: titled('consoleProfile'),
                element: <ProviderProfileRoute />,
              },
            ],
          },
          {
            element: <RequireOperator />,
            children: [
              {
                // 管理后台: every operator page beside the console's navigation.
                element: <AdminConsoleLayout />,
                children: [
                  {
                    path: paths.admin.path,
                    handle: titled('adminInbox'),
                    element: <AdminInboxRoute />,
                  },
                  {
                    path: paths.adminProviderReviews.path,
                    handle: titled('adminProviderReviews'),
                    element: <AdminProviderReviewsRoute />,
                  },
                  {
                    path: paths.adminProviderReview.path,
                    handle: titled('adminProviderReview'),
                    element: <AdminProviderReviewRoute />,
                  },
                  {
                    path: paths.adminCourseReviews.path,
                    handle: titled('adminCourseReviews'),
                    element: <AdminCourseReviewsRoute />,
                  },
                  {
                    path: paths.adminCourseReview.path,
                    handle: titled('adminCourseReview'),
                    element: <AdminCourseReviewRoute />,
                  },
                  {
                    path: paths.adminMemberReviews.path,
                    handle: titled('adminMemberReviews'),
                    element: <AdminMemberReviewsRoute />,
                  },
                  {
                    path: paths.adminMemberReview.path,
                    handle: titled('adminMemberReview'),
                    element: <AdminMemberReviewRoute />,
                  },
                  {
                    path: paths.adminOfflinePayments.path,
                    handle: titled('adminOfflinePayments'),
                    element: <AdminOfflinePaymentsRoute />,
                  },
                  {
                    path: paths.adminMembershipSettings.path,
                    handle: titled('adminMembershipSettings'),
                    element: <AdminMembershipSettingsRoute />,
                  },
                  {
                    path: paths.adminSubsidyReviews.path,
                    handle: titled('adminSubsidyReviews'),
                    element: <AdminSubsidyReviewsRoute />,
                  },
                  {
                    path: paths.adminDashboard.path,
                    handle: titled('adminDashboard'),
                    element: <AdminDashboardRoute />,
                  },
                  {
                    path: paths.adminUsers.path,
                    handle: titled('adminUsers'),
                    element: <AdminUsersRoute />,
                  },
                  {
                    path: paths.adminOrgs.path,
                    handle: titled('adminOrgs'),
                    element: <AdminOrgsRoute />,
                  },
                  {
                    path: paths.adminDictionaries.path,
                    handle: titled('adminDictionaries'),
                    element: <AdminDictionariesRoute />,
                  },
                  {
                    path: paths.adminAuditLog.path,
                    handle: titled('adminAuditLog'),
                    element: <AdminAuditLogRoute />,
                  },
                  {
                    path: paths.adminLegal.path,
                    handle: titled('adminLegal'),
                    element: <AdminLegalRoute />,
                  },
                ],
              },
            ],
          },
          { path: paths.classes.path, handle: titled('classes'), element: <ClassesRoute /> },
          {
            path: paths.classDetail.path,
            handle: titled('classDetail'),
            element: <ClassDetailRoute />,
          },
          {
            path: paths.myLearning.path,
            handle: titled('myLearning'),
            element: <MyLearningRoute />,
          },
        ],
      },
      {
        path: paths.verifyCertificate.path,
        handle: titled('verifyCertificate'),
        element: <VerifyCertificateRoute />,
      },
      { path: paths.developers.path, handle: titled('developers'), element: <DevelopersRoute /> },
      // The texts users agree to (public), each under its own name in the browser tab.
      {
        path: paths.legalTerms.path,
        handle: titled('legalTerms'),
        element: <LegalRoute kind="terms" />,
      },
      {
        path: paths.legalPrivacy.path,
        handle: titled('legalPrivacy'),
        element: <LegalRoute kind="privacy" />,
      },
      {
        path: paths.legalCharter.path,
        handle: titled('legalCharter'),
        element: <LegalRoute kind="charter" />,
      },
      // 会员服务 (SPEC §6): public pages; the member's home needs no guard (it shows the landing).
      { path: paths.membership.path, handle: titled('membership'), element: <MembershipRoute /> },
      {
        path: paths.membershipRegister.path,
        handle: titled('membershipRegister'),
        element: <MembershipRegisterRoute />,
      },
      {
        path: paths.membershipStatus.path,
        handle: titled('membershipStatus'),
        element: <MembershipStatusRoute />,
      },
      {
        path: paths.membershipLogin.path,
        handle: titled('membershipLogin'),
        element: <MembershipLoginRoute />,
      },
      { path: '*', handle: titled('notFound'), element: <NotFoundRoute /> },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
