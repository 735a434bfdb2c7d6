import { useParams } from 'react-router-dom';

import { CourseDetail } from '@/features/classroom/components/course-detail';

/** /classroom/courses/:courseId: a course's public page. */
export function ClassroomCourseRoute() {
  const { courseId = '' } = useParams();
  // A new course is a new page: no player, form or pager state carried over.
  return <CourseDetail key={courseId} courseId={courseId} />;
}
