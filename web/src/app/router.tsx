import { useState } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router-dom';

import { RequireSignIn } from '@/components/require-sign-in';
import { paths } from '@/config/paths';

import { AppLayout } from './layout/app-layout';
import { ClassroomRoute } from './routes/classroom';
import { ClassroomCourseRoute } from './routes/classroom-course';
import { ClassroomProviderRoute } from './routes/classroom-provider';
import { ClassroomSignInRoute, CourseSignInCodeRedirect } from './routes/classroom-sign-in';
import { ComingSoonRoute } from './routes/coming-soon';
import { EnterpriseRoute } from './routes/enterprise';
import { HomeRoute } from './routes/home';
import { LoginRoute } from './routes/login';
import { LoginSsoRoute } from './routes/login-sso';
import { MessagesRoute } from './routes/messages';
import { NotFoundRoute } from './routes/not-found';
import { ResetPasswordRoute } from './routes/reset-password';
import { UserCenterRoute } from './routes/user-center';

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
          { path: paths.messages.path, element: <MessagesRoute /> },
        ],
      },
      // Later issues replace these with their features' pages.
      { path: paths.classes.path, element: <ComingSoonRoute feature="nav.classes" /> },
      { path: paths.membership.path, element: <ComingSoonRoute feature="nav.membership" /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
