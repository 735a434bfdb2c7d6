import { Navigate, useLocation, useParams, useSearchParams } from 'react-router-dom';

import { paths } from '@/config/paths';
import { SignInWithCode } from '@/features/classroom/components/sign-in-with-code';

/**
 * /classroom/courses/:courseId/sign-in?code=… (behind `RequireSignIn`): where the QR code
 * shown at a live course leads; signs the visitor in with the code.
 */
export function ClassroomSignInRoute() {
  const { courseId = '' } = useParams();
  const [params] = useSearchParams();
  return <SignInWithCode key={courseId} courseId={courseId} code={params.get('code')} />;
}

/** /courses/:courseId/sign-in: the QR target as the API words it (`SignInCode.path`). */
export function CourseSignInCodeRedirect() {
  const { courseId = '' } = useParams();
  const { search } = useLocation();
  return <Navigate replace to={paths.classroomCourseSignIn.href(courseId) + search} />;
}
