import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { PopoverView } from './features/popover/PopoverView.js';
import { startEngineConnection } from './stores/engine-store.js';
import './styles.css';

void startEngineConnection();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* The tray popover window loads the same build with #popover. */}
    {location.hash === '#popover' ? <PopoverView /> : <App />}
  </StrictMode>,
);
