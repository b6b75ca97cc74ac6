// The shell: who is signed in, the navigation their permissions allow, and the page for the path.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, getJson, sendJson, setCsrf, whenSignedOut } from './api';
import { navigate, useLocation } from './router';
import type { Permission, SessionAnswer, User } from './types';
import { ErrorBox, Loading, NotAllowed, messageOf } from './ui';
import { SignIn } from './pages/sign_in';
import { OverviewPage } from './pages/overview';
import { ExplorePage } from './pages/explore';
import { AnalysisPage } from './pages/analysis';
import { ReportsPage } from './pages/reports';
import { DataPage } from './pages/data';
import { AdminPage } from './pages/admin';
import { MeetingsPage } from './pages/meetings';
import { ActionPlansPage } from './pages/action_plans';
import { AttendancePage } from './pages/attendance';

interface PageDef { path: string; title: string; needs: Permission; render: (user: User) => preact.JSX.Element }

const pages: PageDef[] = [
  { path: '/', title: 'Overview', needs: 'view-published', render: () => <OverviewPage /> },
  { path: '/explore', title: 'Explore', needs: 'view-partnership', render: () => <ExplorePage /> },
  { path: '/analysis', title: 'Analysis', needs: 'view-partnership', render: () => <AnalysisPage /> },
  { path: '/reports', title: 'Reports', needs: 'view-published', render: () => <ReportsPage /> },
  { path: '/meetings', title: 'Meetings', needs: 'view-published', render: (u) => <MeetingsPage user={u} /> },
  { path: '/actions', title: 'Action plans', needs: 'view-partnership', render: (u) => <ActionPlansPage user={u} /> },
  { path: '/attendance', title: 'Attendance', needs: 'view-published', render: () => <AttendancePage /> },
  { path: '/data', title: 'Data', needs: 'import', render: (u) => <DataPage user={u} /> },
  { path: '/admin', title: 'Admin', needs: 'administer', render: (u) => <AdminPage user={u} /> },
];

export function App() {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);
  const [error, setError] = useState('');
  const { path } = useLocation();

  useEffect(() => {
    whenSignedOut(() => setUser(null));
    getJson<SessionAnswer>('/api/session').then(
      (s) => { setCsrf(s.csrf); setUser(s.user); setChecking(false); },
      (e) => {
        if (!(e instanceof ApiError && e.status === 401)) setError(messageOf(e));
        setChecking(false);
      });
  }, []);

  if (checking) return <main id="main" tabIndex={-1}><Loading what="Safer" /></main>;
  if (!user) {
    return (
      <>
        <header class="top"><span class="brand">Safer</span></header>
        <main id="main" tabIndex={-1}>
          <ErrorBox message={error} />
          <SignIn onSignedIn={(s) => { setCsrf(s.csrf); setUser(s.user); setError(''); if (path === '/signin') navigate('/', true); }} />
        </main>
      </>
    );
  }
  const page = pages.find((p) => p.path === (path === '/overview' ? '/' : path));
  const may = (p: PageDef) => user.permissions.includes(p.needs);
  return (
    <>
      <Header user={user} pages={pages.filter(may)} current={page?.path ?? ''} onSignedOut={() => setUser(null)} />
      <main id="main" tabIndex={-1}>
        {!page ? <NotFound /> : may(page) ? page.render(user) : <NotAllowed page={page.title} />}
      </main>
    </>
  );
}

function Header({ user, pages, current, onSignedOut }: { user: User; pages: PageDef[]; current: string; onSignedOut: () => void }) {
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const signOut = async () => {
    setBusy(true);
    try {
      await sendJson('DELETE', '/api/session');
      setCsrf('');
      onSignedOut();
      navigate('/', true);
    } catch (e) { setError(messageOf(e)); setBusy(false); }
  };
  const title = pages.find((p) => p.path === current)?.title;
  const firstRender = useRef(true);
  useEffect(() => {
    document.title = title ? `${title} – Safer` : 'Safer';
    // Moving between pages puts focus at the new page's start, as a page load would.
    if (!firstRender.current) document.getElementById('main')?.focus();
    firstRender.current = false;
  }, [current]);
  return (
    <header class="top">
      <a class="brand" href="/">Safer</a>
      <nav aria-label="Main">
        <ul>
          {pages.map((p) => (
            <li><a href={p.path} aria-current={p.path === current ? 'page' : undefined}>{p.title}</a></li>
          ))}
        </ul>
      </nav>
      <div class="who">
        <span><span class="name">{user.display_name || user.username}</span> <span class="muted">({user.role}, {user.agency})</span></span>
        <button type="button" class="link-button" onClick={signOut} disabled={busy}>Sign out</button>
        <ErrorBox message={error} />
      </div>
    </header>
  );
}

function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>There is no page at this address. <a href="/">Go to the overview</a>.</p>
    </section>
  );
}
