export { createRunDir, updateLatest, type RunDir } from '../store/runDir.js';
