import { ReadOutlined } from '@ant-design/icons';
import { Button, Card, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';

/** 我的学习记录 in the user center: what it holds and the way in (it loads nothing itself). */
export function MyLearningCard() {
  const { t } = useTranslation();
  return (
    <Card title={t('classes.myLearning.title')}>
      <Space orientation="vertical" size={8}>
        <Typography.Text type="secondary">{t('classes.myLearning.centerText')}</Typography.Text>
        <Link to={paths.myLearning.href()}>
          <Button icon={<ReadOutlined aria-hidden />}>{t('classes.myLearning.open')}</Button>
        </Link>
      </Space>
    </Card>
  );
}
