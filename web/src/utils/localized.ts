// The API sends bilingual reference data as `<field>_zh` / `<field>_en` pairs.

type Bilingual<Field extends string> = Record<`${Field}_zh` | `${Field}_en`, string>;

/** Picks `item.<field>_en` for English and `item.<field>_zh` otherwise. */
export function localized<Field extends string>(
  item: Bilingual<Field>,
  field: Field,
  language: string,
): string {
  const english = item[`${field}_en`];
  return language === 'en' && english !== '' ? english : item[`${field}_zh`];
}
