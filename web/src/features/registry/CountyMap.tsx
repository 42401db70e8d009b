import { geoPath } from 'd3-geo';
import { useQuery } from '@tanstack/react-query';
import type { FeatureCollection, Geometry } from 'geojson';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';

interface CountyProps {
  name: string;
}

/**
 * The bundled US counties (us-atlas, pre-projected Albers, drawn with d3-geo's geoPath() without a
 * projection: no map server, no tiles). Loaded only when a map is shown: a chunk of its own.
 */
const loadAtlas = async () => {
  const topo = (await import('us-atlas/counties-albers-10m.json')).default as unknown as Topology<{ counties: GeometryCollection<CountyProps>; states: GeometryCollection<CountyProps> }>;
  return {
    counties: feature(topo, topo.objects.counties) as unknown as FeatureCollection<Geometry, CountyProps>,
    states: feature(topo, topo.objects.states) as unknown as FeatureCollection<Geometry, CountyProps>,
  };
};

export interface MapValue {
  fips: string;
  /** 0..1 share of the scale, or null when the figure is not shown (suppressed). */
  level: number | null;
  label: string;
  outlined?: boolean;
}

const RAMP = ['#e8f3f1', '#b9ddd6', '#7fc0b5', '#3f9c8f', '#1b6f66'];
const colorOf = (level: number) => RAMP[Math.min(RAMP.length - 1, Math.floor(level * RAMP.length))]!;

/**
 * A county choropleth of one state (or the nation). The drawing is a picture for sighted readers;
 * the same figures are in the table the page shows beside it, which screen readers use (the map
 * is labelled and points to it). Counties whose figure is suppressed are hatched and say "not shown".
 */
export function CountyMap(props: { values: MapValue[]; stateFips: string | null; title: string; tableId: string; legend: string }) {
  const { t } = useTranslation();
  const atlas = useQuery({ queryKey: ['us-atlas'], queryFn: loadAtlas, staleTime: Infinity });
  const byFips = useMemo(() => new Map(props.values.map((v) => [v.fips, v])), [props.values]);
  const view = useMemo(() => {
    if (!atlas.data) return null;
    const counties = atlas.data.counties.features.filter((f) => !props.stateFips || String(f.id).startsWith(props.stateFips));
    const path = geoPath();
    const state = props.stateFips ? atlas.data.states.features.find((f) => String(f.id) === props.stateFips) : null;
    const [[x0, y0], [x1, y1]] = state ? path.bounds(state) : [[0, 0], [975, 610]];
    return { counties, path, box: `${x0 - 4} ${y0 - 4} ${x1 - x0 + 8} ${y1 - y0 + 8}` };
  }, [atlas.data, props.stateFips]);
  if (!view) return <div className="county-map county-map-loading" aria-busy="true" />;
  return (
    <figure className="county-map">
      <svg viewBox={view.box} role="img" aria-label={t('registry.map.label', { title: props.title })} aria-describedby={props.tableId}>
        <defs>
          <pattern id="not-shown" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#f1f3f5" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#adb5bd" strokeWidth="2" />
          </pattern>
        </defs>
        {view.counties.map((f) => {
          const v = byFips.get(String(f.id));
          const fill = !v ? '#ffffff' : v.level === null ? 'url(#not-shown)' : colorOf(v.level);
          return (
            <path key={String(f.id)} d={view.path(f) ?? ''} fill={fill} stroke={v?.outlined ? '#c92a2a' : '#868e96'} strokeWidth={v?.outlined ? 1.4 : 0.4}>
              <title>{`${f.properties.name}: ${v ? v.label : t('registry.map.noData')}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        <span className="county-map-legend" aria-hidden="true">
          {RAMP.map((c) => (
            <span key={c} style={{ background: c }} />
          ))}
        </span>{' '}
        {props.legend} <span className="county-map-hatch" aria-hidden="true" /> {t('registry.map.notShown')}
      </figcaption>
    </figure>
  );
}
