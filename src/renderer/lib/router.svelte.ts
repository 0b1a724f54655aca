// Hash routes (#/editor, #/train, #/runs, #/runs/<id>, #/compare?ids=a,b): work from file:// in
// Electron and from any path in web mode, and survive a reload.
export type Route =
  | { view: 'editor' }
  | { view: 'train' }
  | { view: 'runs' }
  | { view: 'run'; id: string }
  | { view: 'compare'; ids: string[] };

export function parseHash(hash: string): Route | null {
  const [path = '', query = ''] = hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);

  switch (parts[0]) {
    case 'editor':
      return { view: 'editor' };
    case 'train':
      return { view: 'train' };
    case 'runs':
      return parts[1] ? { view: 'run', id: decodeURIComponent(parts[1]) } : { view: 'runs' };
    case 'compare':
      return { view: 'compare', ids: decodeURIComponent(/(?:^|&)ids=([^&]*)/.exec(query)?.[1] ?? '').split(',').filter(Boolean) };
    default:
      return null;
  }
}

export function hrefFor(route: Route): string {
  switch (route.view) {
    case 'run':
      return `#/runs/${encodeURIComponent(route.id)}`;
    case 'compare':
      return route.ids.length ? `#/compare?ids=${route.ids.map(encodeURIComponent).join(',')}` : '#/compare';
    default:
      return `#/${route.view}`;
  }
}

class Router {
  route = $state<Route | null>(parseHash(window.location.hash));

  constructor() {
    window.addEventListener('hashchange', () => {
      this.route = parseHash(window.location.hash);
    });
  }

  go(route: Route): void {
    const href = hrefFor(route);
    if (window.location.hash !== href) window.location.hash = href;
    else this.route = route;
  }

  /** Replaces the current entry (for the first-launch default, so Back does not bounce). */
  replace(route: Route): void {
    history.replaceState(history.state, '', hrefFor(route));
    this.route = route;
  }
}

export const router = new Router();
