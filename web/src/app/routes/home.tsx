import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import { CategoryGrid } from '@/features/catalog/components/category-grid';

export function HomeRoute() {
  const { t } = useTranslation();
  return (
    <Space orientation="vertical" size={32} style={{ width: '100%' }}>
      <section className="hero">
        <Typography.Title level={1} style={{ color: '#fff', marginTop: 0 }}>
          {t('home.heroTitle')}
        </Typography.Title>
        <Typography.Paragraph style={{ color: 'rgba(255,255,255,0.85)', fontSize: 16 }}>
          {t('home.heroText')}
        </Typography.Paragraph>
        <Link to={paths.classroom.href()}>
          <Button size="large">{t('home.browseCourses')}</Button>
        </Link>
      </section>
      <section>
        <Typography.Title level={2}>{t('home.categoriesTitle')}</Typography.Title>
        <CategoryGrid />
      </section>
    </Space>
  );
}
