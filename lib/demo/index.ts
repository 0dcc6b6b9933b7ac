// The demo archive that `npm start` opens when no root is given.
export { DEMO_NAME, DEMO_PLACES, demoArchive, type DemoOptions } from './demo.ts';
