import { useState } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router-dom';

import { RequireOperator } from '@/components/require-operator';
import { RequireSignIn } from '@/components/require-sign-in';
import { paths } from '@/config/paths';

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

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { path: paths.home.path, element: <HomeRoute /> },
      { path: paths.login.path, element: <LoginRoute /> },
      { path: paths.loginSso.path, element: <LoginSsoRoute /> },
      { path: paths.resetPassword.path, element: <ResetPasswordRoute /> },
      { path: paths.classroom.path, element: <ClassroomRoute /> },
      { path: paths.classroomCourse.path, element: <ClassroomCourseRoute /> },
      { path: paths.classroomProvider.path, element: <ClassroomProviderRoute /> },
      { path: paths.courseSignInCode.path, element: <CourseSignInCodeRedirect /> },
      {
        element: <RequireSignIn />,
        children: [{ path: paths.classroomCourseSignIn.path, element: <ClassroomSignInRoute /> }],
      },
      {
        element: <RequireSignIn />,
        children: [
          { path: paths.userCenter.path, element: <UserCenterRoute /> },
          { path: paths.enterprise.path, element: <EnterpriseRoute /> },
          { path: paths.developerAccess.path, element: <DeveloperAccessRoute /> },
          { path: paths.messages.path, element: <MessagesRoute /> },
          { path: paths.provider.path, element: <ProviderRoute /> },
          {
            path: paths.providerConsole.path,
            element: <ProviderConsoleLayout />,
            children: [
              { index: true, element: <ProviderConsoleIndex /> },
              { path: paths.providerCourses.path, element: <ProviderCoursesRoute /> },
              { path: paths.providerCourseNew.path, element: <ProviderCourseEditRoute /> },
              { path: paths.providerCourseEdit.path, element: <ProviderCourseEditRoute /> },
              { path: paths.providerCourse.path, element: <ProviderCourseRoute /> },
              { path: paths.providerLecturers.path, element: <ProviderLecturersRoute /> },
              { path: paths.providerProfile.path, element: <ProviderProfileRoute /> },
            ],
          },
          {
            element: <RequireOperator />,
            children: [
              {
                // 管理后台: every operator page beside the console's navigation.
                element: <AdminConsoleLayout />,
                children: [
                  { path: paths.admin.path, element: <AdminInboxRoute /> },
                  { path: paths.adminProviderReviews.path, element: <AdminProviderReviewsRoute /> },
                  { path: paths.adminProviderReview.path, element: <AdminProviderReviewRoute /> },
                  { path: paths.adminCourseReviews.path, element: <AdminCourseReviewsRoute /> },
                  { path: paths.adminCourseReview.path, element: <AdminCourseReviewRoute /> },
                  { path: paths.adminMemberReviews.path, element: <AdminMemberReviewsRoute /> },
                  { path: paths.adminMemberReview.path, element: <AdminMemberReviewRoute /> },
                  { path: paths.adminOfflinePayments.path, element: <AdminOfflinePaymentsRoute /> },
                  {
                    path: paths.adminMembershipSettings.path,
                    element: <AdminMembershipSettingsRoute />,
                  },
                  { path: paths.adminSubsidyReviews.path, element: <AdminSubsidyReviewsRoute /> },
                  { path: paths.adminDashboard.path, element: <AdminDashboardRoute /> },
                  { path: paths.adminUsers.path, element: <AdminUsersRoute /> },
                  { path: paths.adminOrgs.path, element: <AdminOrgsRoute /> },
                  { path: paths.adminDictionaries.path, element: <AdminDictionariesRoute /> },
                  { path: paths.adminAuditLog.path, element: <AdminAuditLogRoute /> },
                ],
              },
            ],
          },
          { path: paths.classes.path, element: <ClassesRoute /> },
          { path: paths.classDetail.path, element: <ClassDetailRoute /> },
          { path: paths.myLearning.path, element: <MyLearningRoute /> },
        ],
      },
      { path: paths.verifyCertificate.path, element: <VerifyCertificateRoute /> },
      { path: paths.developers.path, element: <DevelopersRoute /> },
      // 会员服务 (SPEC §6): public pages; the member's home needs no guard (it shows the landing).
      { path: paths.membership.path, element: <MembershipRoute /> },
      { path: paths.membershipRegister.path, element: <MembershipRegisterRoute /> },
      { path: paths.membershipStatus.path, element: <MembershipStatusRoute /> },
      { path: paths.membershipLogin.path, element: <MembershipLoginRoute /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
