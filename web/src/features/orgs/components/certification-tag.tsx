import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Tag } from 'antd';

import { useEnumLabel } from '@/hooks/use-enum-label';

import { isCertified, type Org } from '../api/get-my-orgs';

/** 已认证 / 未认证, labelled by the API's `certification_states` vocabulary. */
export function CertificationTag({ org }: { org: Org }) {
  const label = useEnumLabel('certification_states');
  return isCertified(org) ? (
    <Tag color="success" icon={<CheckCircleOutlined aria-hidden />}>
      {label(org.certification)}
    </Tag>
  ) : (
    <Tag icon={<ClockCircleOutlined aria-hidden />}>{label(org.certification)}</Tag>
  );
}
