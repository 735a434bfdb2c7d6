import { Button, Result, Skeleton, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import {
  Link,
  Navigate,
  Outlet,
  useLocation,
  useNavigate,
  useOutletContext,
  useParams,
  useSearchParams,
} from 'react-router-dom';

import { ProblemAlert } from '@/components/problem-alert';
import { paths } from '@/config/paths';
import { MediaUpload } from '@/features/media/components/media-upload';
import { canManage, useMyOrgs, type Org } from '@/features/orgs/api/get-my-orgs';
import { isApprovedProvider, useProvider } from '@/features/providers/api/get-provider';
import { useOwnCourse } from '@/features/providers/api/get-own-course';
import type { OwnCoursesFilter } from '@/features/providers/api/get-own-courses';
import { ConsoleCourse } from '@/features/providers/components/console-course';
import { CourseEditor } from '@/features/providers/components/course-editor';
import { CourseList } from '@/features/providers/components/course-list';
import { LecturerList } from '@/features/providers/components/lecturer-list';
import { ProviderApplication } from '@/features/providers/components/provider-application';

type ConsoleContext = { org: Org; canEdit: boolean };

const useConsole = () => useOutletContext<ConsoleContext>();

const sections = ['courses', 'lecturers', 'profile'] as const;

/**
 * /provider-console/:orgId (behind `RequireSignIn`): 服务商后台 — for members of an org whose
 * provider profile was approved. Owners and admins change things; staff look.
 */
export function ProviderConsoleLayout() {
  const { t } = useTranslation();
  const { orgId = '' } = useParams();
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const orgs = useMyOrgs();
  const provider = useProvider(orgId);

  if (orgs.isPending || provider.isPending) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (orgs.isError || provider.isError) {
    return <ProblemAlert error={orgs.error ?? provider.error} />;
  }
  const org = orgs.data.find((o) => o.id === orgId);
  if (!org) {
    return <Result status="404" title={t('console.noAccess')} />;
  }
  if (!isApprovedProvider(provider.data)) {
    return (
      <Result
        status="info"
        title={t('console.notProvider')}
        subTitle={t('console.notProviderText')}
        extra={
          <Link to={paths.provider.href(org.id)}>
            <Button type="primary">{t('console.toApplication')}</Button>
          </Link>
        }
      />
    );
  }
  const section =
    sections.find((s) => pathname.startsWith(`${paths.providerConsole.href(org.id)}/${s}`)) ??
    'courses';
  const hrefOf = {
    courses: paths.providerCourses.href(org.id),
    lecturers: paths.providerLecturers.href(org.id),
    profile: paths.providerProfile.href(org.id),
  };

  return (
    <div className="provider-console">
      <div className="page-heading">
        <div>
          <Typography.Title level={1} className="page-title">
            {t('console.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            {provider.data?.public_profile?.name ?? provider.data?.name}
          </Typography.Paragraph>
        </div>
      </div>
      <Tabs
        aria-label={t('console.menu')}
        activeKey={section}
        onChange={(key) => void navigate(hrefOf[key as (typeof sections)[number]])}
        items={sections.map((key) => ({ key, label: t(`console.${key}`) }))}
      />
      <Outlet context={{ org, canEdit: canManage(org) } satisfies ConsoleContext} />
    </div>
  );
}

export function ProviderConsoleIndex() {
  const { orgId = '' } = useParams();
  return <Navigate replace to={paths.providerCourses.href(orgId)} />;
}

/** Courses: the list; status, search and page live in the address. */
export function ProviderCoursesRoute() {
  const { org, canEdit } = useConsole();
  const [params, setParams] = useSearchParams();
  const filter: OwnCoursesFilter = {
    status: params.get('status') || undefined,
    q: params.get('q') || undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
    page_size: Number(params.get('page_size')) || 10,
  };
  return (
    <CourseList
      key={filter.q ?? ''}
      orgId={org.id}
      canEdit={canEdit}
      filter={filter}
      onFilterChange={(next) => {
        const search = new URLSearchParams();
        if (next.status) search.set('status', next.status);
        if (next.q) search.set('q', next.q);
        if (next.page > 1) search.set('page', String(next.page));
        if (next.page_size !== 10) search.set('page_size', String(next.page_size));
        setParams(search);
      }}
    />
  );
}

/** A new course, or (with `:courseId`) the edit of one, read with its ETag. */
export function ProviderCourseEditRoute() {
  const { t } = useTranslation();
  const { org, canEdit } = useConsole();
  const { courseId } = useParams();
  const navigate = useNavigate();
  const course = useOwnCourse(org.id, courseId);
  const back = () => void navigate(paths.providerCourses.href(org.id));

  if (!canEdit) return <Navigate replace to={paths.providerCourses.href(org.id)} />;
  if (courseId && course.isPending) return <Skeleton active paragraph={{ rows: 12 }} />;
  if (courseId && course.isError) {
    return (
      <>
        <ProblemAlert error={course.error} />
        <Button onClick={back}>{t('console.backToCourses')}</Button>
      </>
    );
  }
  return (
    <CourseEditor
      // A reload after a 412 brings a new version: start the form again from it.
      key={course.data?.etag ?? 'new'}
      orgId={org.id}
      course={course.data}
      MediaInput={MediaUpload}
      onSaved={(saved) => void navigate(paths.providerCourse.href(org.id, saved.id))}
      onCancel={back}
      onReload={() => void course.refetch()}
    />
  );
}

/** One course: history, comments, and for live courses enrollments, sign-ins and the QR. */
export function ProviderCourseRoute() {
  const { org, canEdit } = useConsole();
  const { courseId = '' } = useParams();
  const [params, setParams] = useSearchParams();
  return (
    <ConsoleCourse
      orgId={org.id}
      courseId={courseId}
      canEdit={canEdit}
      tab={params.get('tab') ?? 'history'}
      onTabChange={(tab) => setParams({ tab }, { replace: true })}
    />
  );
}

export function ProviderLecturersRoute() {
  const { org, canEdit } = useConsole();
  return <LecturerList orgId={org.id} canEdit={canEdit} MediaInput={MediaUpload} />;
}

export function ProviderProfileRoute() {
  const { org } = useConsole();
  return <ProviderApplication org={org} MediaInput={MediaUpload} />;
}
