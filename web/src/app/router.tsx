import { createBrowserRouter, RouterProvider } from 'react-router-dom';

import { paths } from '@/config/paths';

import { AppLayout } from './layout/app-layout';
import { ComingSoonRoute } from './routes/coming-soon';
import { HomeRoute } from './routes/home';
import { NotFoundRoute } from './routes/not-found';

export function createRouter() {
  return createBrowserRouter([
    {
      element: <AppLayout />,
      children: [
        { path: paths.home.path, element: <HomeRoute /> },
        { path: paths.classroom.path, element: <ComingSoonRoute feature="nav.classroom" /> },
        { path: paths.classes.path, element: <ComingSoonRoute feature="nav.classes" /> },
        { path: paths.membership.path, element: <ComingSoonRoute feature="nav.membership" /> },
        { path: paths.userCenter.path, element: <ComingSoonRoute feature="nav.userCenter" /> },
        { path: '*', element: <NotFoundRoute /> },
      ],
    },
  ]);
}

export function AppRouter() {
  return <RouterProvider router={createRouter()} />;
}
