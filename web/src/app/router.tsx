import { useState } from 'react';
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router-dom';

import { paths } from '@/config/paths';

import { AppLayout } from './layout/app-layout';
import { ComingSoonRoute } from './routes/coming-soon';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/not-found';

export const routes: RouteObject[] = [
  {
    element: <AppLayout />,
    children: [
      { path: paths.home.path, element: <HomeRoute /> },
      // Later issues replace these with their features' pages.
      { path: paths.classroom.path, element: <ComingSoonRoute feature="nav.classroom" /> },
      { path: paths.classes.path, element: <ComingSoonRoute feature="nav.classes" /> },
      { path: paths.membership.path, element: <ComingSoonRoute feature="nav.membership" /> },
      { path: paths.userCenter.path, element: <ComingSoonRoute feature="nav.userCenter" /> },
      { path: '*', element: <NotFoundRoute /> },
    ],
  },
];

export function AppRouter() {
  const [router] = useState(() => createBrowserRouter(routes));
  return <RouterProvider router={router} />;
}
