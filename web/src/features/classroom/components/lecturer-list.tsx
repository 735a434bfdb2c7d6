import { Avatar, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { mediaUrl } from '@/lib/media-url';

import type { Lecturer } from '../api/get-course';

/** The course's lecturers: photo (or initial), name and introduction. */
export function LecturerList({ lecturers }: { lecturers: readonly Lecturer[] }) {
  const { t } = useTranslation();
  return (
    <ul className="lecturer-list" aria-label={t('classroom.course.lecturers')}>
      {lecturers.map((lecturer) => (
        <li key={lecturer.id} className="lecturer">
          <Avatar
            size={64}
            src={lecturer.photo ? mediaUrl(lecturer.photo.url) : undefined}
            alt={lecturer.name}
          >
            {lecturer.name.slice(0, 1)}
          </Avatar>
          <div className="lecturer-text">
            <Typography.Text strong>{lecturer.name}</Typography.Text>
            <Typography.Paragraph type="secondary" className="lecturer-intro">
              {lecturer.intro}
            </Typography.Paragraph>
          </div>
        </li>
      ))}
    </ul>
  );
}
