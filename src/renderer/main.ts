// Renderer entry: global styles, then the workbench shell. The transport (Electron preload or
// HTTP + WebSocket) is chosen inside api-client on first use, so nothing here knows the mode.
import { mount } from 'svelte';
import './styles/app.css';
import App from './app.svelte';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
mount(App, { target });
