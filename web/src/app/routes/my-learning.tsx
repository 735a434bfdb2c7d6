import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';

import { MyLearningRecords } from '@/features/classes/components/my-learning-records';

/**
 * /my-learning (behind `RequireSignIn`): 我的学习记录, the classes that list the user's phone
 * as an activated student. Linked from the account menu and the user center.
 */
export function MyLearningRoute() {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Title level={1} className="page-title">
        {t('classes.myLearning.title')}
      </Typography.Title>
      <MyLearningRecords />
    </>
  );
}
