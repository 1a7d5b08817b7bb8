import { useTranslation } from 'react-i18next';

/**
 * Indonesia's 38 provinces as a tile grid, west to east and north to south (one tile each, not to scale):
 * honest about what it is — a map of values by province, not of areas. A withheld value is hatched.
 */
const tiles: [code: string, col: number, row: number][] = [
  ['11', 0, 0],
  ['12', 1, 1],
  ['13', 1, 2],
  ['14', 2, 2],
  ['21', 3, 2],
  ['15', 2, 3],
  ['17', 2, 4],
  ['16', 3, 4],
  ['19', 4, 3],
  ['18', 3, 5],
  ['36', 3, 6],
  ['31', 4, 6],
  ['32', 5, 6],
  ['33', 6, 6],
  ['34', 6, 7],
  ['35', 7, 6],
  ['51', 8, 7],
  ['52', 9, 7],
  ['53', 10, 7],
  ['61', 6, 3],
  ['62', 7, 3],
  ['65', 8, 2],
  ['64', 8, 3],
  ['63', 8, 4],
  ['75', 10, 2],
  ['71', 11, 2],
  ['72', 10, 3],
  ['76', 9, 4],
  ['73', 9, 5],
  ['74', 10, 5],
  ['82', 12, 3],
  ['81', 12, 5],
  ['96', 13, 3],
  ['92', 13, 4],
  ['91', 14, 4],
  ['94', 14, 5],
  ['95', 15, 5],
  ['93', 15, 6],
];
const SIZE = 40;

export function ProvinceTileMap({
  values,
  name,
}: {
  values: Map<string, number | null>;
  name: (code: string) => string;
}) {
  const { t } = useTranslation();
  const max = Math.max(1, ...[...values.values()].map((v) => v ?? 0));
  return (
    <svg
      viewBox={`0 0 ${16 * SIZE} ${8 * SIZE}`}
      width="100%"
      role="img"
      aria-labelledby="tile-map-title"
      data-testid="province-map"
    >
      <title id="tile-map-title">{t('evaluation.map.title')}</title>
      <defs>
        <pattern id="withheld" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#eee" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#999" strokeWidth="2" />
        </pattern>
      </defs>
      {tiles.map(([code, col, row]) => {
        const has = values.has(code);
        const v = values.get(code) ?? null;
        const fill = !has ? '#f4f4f4' : v === null ? 'url(#withheld)' : `rgba(28, 90, 140, ${0.15 + (0.85 * v) / max})`;
        const dark = v !== null && v / max > 0.5;
        return (
          <g key={code} transform={`translate(${col * SIZE}, ${row * SIZE})`}>
            <title>{`${name(code)}: ${!has ? '0' : v === null ? t('evaluation.suppressed') : v}`}</title>
            <rect width={SIZE - 3} height={SIZE - 3} rx="4" fill={fill} stroke="#ccc" />
            <text x={(SIZE - 3) / 2} y={SIZE / 2} textAnchor="middle" fontSize="11" fill={dark ? '#fff' : '#222'}>
              {code}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
