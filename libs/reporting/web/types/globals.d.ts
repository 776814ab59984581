// What the page finds on `window` besides the DOM: Apache ECharts' browser build, loaded by
// index.html as a classic script (assets/echarts.min.js) before the modules, typed by its npm package.
interface Window {
  echarts: typeof import('echarts');
}
