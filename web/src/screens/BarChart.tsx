import { useEffect, useRef } from 'react';
import { BarController, BarElement, CategoryScale, Chart, Colors, Legend, LinearScale, Tooltip } from 'chart.js';

// Only what a bar chart needs (tree-shaken: ~60 kB gzip, in the reports' own chunk).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, Colors);

/**
 * A bar chart for the eye; the same numbers are in the table beside it for screen readers and
 * copying (a canvas is opaque to both), so the canvas is an image with a label.
 */
export function BarChart({ label, labels, series }: { label: string; labels: string[]; series: { label: string; data: (number | null)[] }[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      type: 'bar',
      data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.data })) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
    });
    return () => chart.destroy();
  }, [labels, series]);
  return <div className="chart"><canvas ref={canvas} role="img" aria-label={label} /></div>;
}
