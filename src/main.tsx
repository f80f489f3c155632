// The page's entry, kept tiny: it starts the training worker before anything else loads, so that the worker's
// script and tf.js load and compile while the page's own code (React, d3, KaTeX) is fetched and parsed. Module
// workers are fetched through the page's main thread, which a large entry would keep busy for ~0.6 s first.
import { createTrainerWorker } from './app/trainerWorker';
import './ui/styles.css';

const worker = createTrainerWorker();
const root = document.getElementById('root');
if (!root) throw new Error('invalid page: #root is missing');
void import('./app/mountLab').then(({ mountLab }) => mountLab(root, worker));
