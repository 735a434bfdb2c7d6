import { FilterOutlined } from '@ant-design/icons';
import { Badge, Button, Grid, Input, Radio, Select } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useCategories } from '@/hooks/use-categories';
import { useEnumOptions } from '@/hooks/use-enums';
import { localized } from '@/utils/localized';

import { useProviders } from '../api/get-providers';
import type { CatalogFilter } from '../catalog-query';

type Change = Partial<Omit<CatalogFilter, 'page' | 'page_size'>>;

type Props = {
  filter: CatalogFilter;
  /** A filter changed: the list starts again at page 1. */
  onChange: (change: Change) => void;
  onClear: () => void;
};

/**
 * Title search, and topic, mode and provider filters. On a desktop they sit in one row; on
 * a phone the search stays and the rest folds into a panel behind a 筛选 button.
 */
export function CatalogFilters({ filter, onChange, onClear }: Props) {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const desktop = screens.md === true;
  const [open, setOpen] = useState(false);
  // The box shows what is typed; a new address (back button, cleared filters) shows its own.
  const [text, setText] = useState(filter.q ?? '');
  const [searched, setSearched] = useState(filter.q);
  if (searched !== filter.q) {
    setSearched(filter.q);
    setText(filter.q ?? '');
  }
  const panelId = useId();
  const categories = useCategories();
  const providers = useProviders();
  const modes = useEnumOptions('course_training_modes');
  const active = [filter.category, filter.mode, filter.provider_id].filter(Boolean).length;

  const search = (
    <Input.Search
      value={text}
      onChange={(event) => setText(event.target.value)}
      placeholder={t('classroom.searchPlaceholder')}
      aria-label={t('classroom.search')}
      maxLength={30}
      allowClear
      enterButton
      onSearch={(value) => onChange({ q: value.trim() || undefined })}
      className="catalog-search"
    />
  );
  const fields = (
    <>
      <Select
        aria-label={t('classroom.category')}
        placeholder={t('classroom.allCategories')}
        value={filter.category}
        allowClear
        loading={categories.isPending}
        options={(categories.data?.items ?? []).map((category) => ({
          value: category.code,
          label: localized(category, 'name', i18n.language),
        }))}
        onChange={(category?: string) => onChange({ category })}
        className="catalog-select"
        popupMatchSelectWidth={false}
      />
      <Radio.Group
        aria-label={t('classroom.mode')}
        optionType="button"
        value={filter.mode ?? ''}
        onChange={(event) => onChange({ mode: event.target.value || undefined })}
        options={[{ value: '', label: t('classroom.allModes') }, ...modes]}
      />
      <Select
        aria-label={t('classroom.provider')}
        placeholder={t('classroom.allProviders')}
        value={filter.provider_id}
        allowClear
        loading={providers.isPending}
        options={(providers.data ?? []).map((provider) => ({
          value: provider.id,
          label: provider.name,
        }))}
        onChange={(provider_id?: string) => onChange({ provider_id })}
        className="catalog-select"
        popupMatchSelectWidth={false}
      />
      {(active > 0 || filter.q) && (
        <Button type="link" onClick={onClear}>
          {t('classroom.clearFilters')}
        </Button>
      )}
    </>
  );

  if (desktop) {
    return (
      <div className="catalog-filters">
        {search}
        {fields}
      </div>
    );
  }
  return (
    <div className="catalog-filters phone">
      <div className="catalog-filters-bar">
        {search}
        <Badge count={active} size="small">
          <Button
            icon={<FilterOutlined aria-hidden />}
            aria-expanded={open}
            aria-controls={panelId}
            onClick={() => setOpen((value) => !value)}
          >
            {t('classroom.filters')}
          </Button>
        </Badge>
      </div>
      <div id={panelId} className="catalog-filters-panel" hidden={!open}>
        {fields}
      </div>
    </div>
  );
}
