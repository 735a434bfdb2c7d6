import { Alert, Button, Descriptions, Skeleton, Space } from 'antd';
import { useTranslation } from 'react-i18next';

import { FirstLoad } from '@/components/problem-alert';
import { useEnumLabel } from '@/hooks/use-enum-label';
import { formatDateTime } from '@/utils/format-date';

import { useStudent, type StudentDetail } from '../api/get-student';

type Props = {
  orgId: string;
  classId: string;
  studentId: string;
  /** Offered for inactive students: edit with the full values prefilled. */
  onEdit?: (student: StudentDetail) => void;
};

/** The single-record view: resident ID and phone in full (owner/admin; every view is audited). */
export function StudentDetailView({ orgId, classId, studentId, onEdit }: Props) {
  const { t, i18n } = useTranslation();
  const genderLabel = useEnumLabel('genders');
  const educationLabel = useEnumLabel('education_levels');
  const student = useStudent(orgId, classId, studentId);

  if (student.data === undefined)
    return <FirstLoad query={student} loading={<Skeleton active />} />;
  const s = student.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('classes.students.auditedView')} />
      <Descriptions
        column={1}
        size="small"
        bordered
        items={[
          { key: 'name', label: t('classes.students.name'), children: s.name },
          { key: 'gender', label: t('classes.students.gender'), children: genderLabel(s.gender) },
          {
            key: 'resident_id',
            label: t('classes.students.residentId'),
            children: s.resident_id_full,
          },
          { key: 'mobile', label: t('classes.students.mobile'), children: s.mobile_full },
          {
            key: 'education',
            label: t('classes.students.education'),
            children: educationLabel(s.education),
          },
          {
            key: 'status',
            label: t('classes.students.status'),
            children: t(`classes.students.statuses.${s.status}`, s.status),
          },
          {
            key: 'created',
            label: t('classes.fields.createdAt'),
            children: formatDateTime(s.created_at, i18n.language),
          },
        ]}
      />
      {onEdit && s.status === 'inactive' && (
        <Button onClick={() => onEdit(s)}>{t('classes.students.edit')}</Button>
      )}
    </Space>
  );
}
