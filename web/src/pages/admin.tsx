// Administration: users (create, change role or agency, disable, unlock, reset password),
// agencies, the roles and what they allow, and the audit log.
import { useState } from 'preact/hooks';
import { query, sendJson } from '../api';
import { timeText } from '../format';
import type { AdminUser, Agency, AuditEntry, RoleInfo, User } from '../types';
import { ErrorBox, Loading, messageOf, useApi } from '../ui';

const tabs = [
  { id: 'users', name: 'Users' },
  { id: 'agencies', name: 'Agencies' },
  { id: 'roles', name: 'Roles' },
  { id: 'audit', name: 'Audit log' },
] as const;

type Tab = typeof tabs[number]['id'];

export function AdminPage({ user }: { user: User }) {
  const [tab, setTab] = useState<Tab>('users');
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">Admin</h1>
      <nav aria-label="Administration" class="subnav">
        <ul>
          {tabs.map((t) => (
            <li><button type="button" aria-pressed={tab === t.id} onClick={() => setTab(t.id)}>{t.name}</button></li>
          ))}
        </ul>
      </nav>
      {tab === 'users' && <Users me={user} />}
      {tab === 'agencies' && <Agencies />}
      {tab === 'roles' && <Roles />}
      {tab === 'audit' && <Audit />}
    </section>
  );
}

function useRolesAndAgencies() {
  return { roles: useApi<RoleInfo[]>('/api/roles'), agencies: useApi<Agency[]>('/api/agencies') };
}

function Users({ me }: { me: User }) {
  const users = useApi<AdminUser[]>('/api/users');
  const { roles, agencies } = useRolesAndAgencies();
  const [editing, setEditing] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const now = Date.now() / 1000;

  const change = async (username: string, body: Record<string, unknown>, done: string) => {
    setError(''); setMessage('');
    try {
      await sendJson('PATCH', `/api/users/${encodeURIComponent(username)}`, body);
      setMessage(done);
      users.reload();
      return true;
    } catch (e) { setError(messageOf(e)); return false; }
  };

  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">Users</h2>
      <ErrorBox message={users.error || roles.error || agencies.error} />
      <div aria-live="polite">{message && <p class="success">{message}</p>}</div>
      <ErrorBox message={error} />
      {users.loading && !users.data && <Loading what="users" />}
      {users.data && (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="users-title">
          <table id="users-table">
            <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Agency</th>
              <th scope="col">State</th><th scope="col">Last sign-in</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {users.data.map((u) => {
                const locked = u.locked_until !== null && u.locked_until > now;
                return (
                  <tr data-username={u.username}>
                    <th scope="row">{u.username}{u.username === me.username && <span class="muted"> (you)</span>}</th>
                    <td>{u.display_name}</td><td>{u.role}</td><td>{u.agency}</td>
                    <td>{u.disabled ? 'Disabled' : locked ? `Locked until ${timeText(u.locked_until)}` : 'Active'}
                      {u.failed_logins > 0 && <span class="muted"> ({u.failed_logins} failed)</span>}</td>
                    <td>{timeText(u.last_login)}</td>
                    <td class="actions">
                      <button type="button" onClick={() => setEditing(editing === u.username ? null : u.username)} aria-expanded={editing === u.username}>
                        Edit<span class="visually-hidden"> {u.username}</span></button>
                      <button type="button" onClick={() => change(u.username, { disabled: !u.disabled }, `${u.username} is ${u.disabled ? 'enabled' : 'disabled'}.`)}>
                        {u.disabled ? 'Enable' : 'Disable'}<span class="visually-hidden"> {u.username}</span></button>
                      {(locked || u.failed_logins > 0) && (
                        <button type="button" onClick={() => change(u.username, { unlock: true }, `${u.username} is unlocked.`)}>
                          Unlock<span class="visually-hidden"> {u.username}</span></button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {editing && users.data && roles.data && agencies.data && (
        <EditUser key={editing} user={users.data.find((u) => u.username === editing)!} roles={roles.data} agencies={agencies.data}
          onSave={(body, done) => change(editing, body, done)} onClose={() => setEditing(null)} />
      )}
      {roles.data && agencies.data && <CreateUser roles={roles.data} agencies={agencies.data} onCreated={(name) => { setMessage(`${name} is created.`); users.reload(); }} />}
    </section>
  );
}

function EditUser({ user, roles, agencies, onSave, onClose }: {
  user: AdminUser; roles: RoleInfo[]; agencies: Agency[];
  onSave: (body: Record<string, unknown>, done: string) => Promise<boolean>; onClose: () => void;
}) {
  const [role, setRole] = useState(user.role);
  const [agency, setAgency] = useState(user.agency);
  const [displayName, setDisplayName] = useState(user.display_name);
  const [password, setPassword] = useState('');
  const save = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, unknown> = {};
    if (role !== user.role) body.role = role;
    if (agency !== user.agency) body.agency = agency;
    if (displayName !== user.display_name) body.display_name = displayName;
    if (Object.keys(body).length && await onSave(body, `${user.username} is changed.`)) onClose();
  };
  const reset = async (e: Event) => {
    e.preventDefault();
    if (await onSave({ password }, `${user.username}'s password is reset. Tell them the new one in person or by phone.`)) setPassword('');
  };
  return (
    <div class="card edit-user">
      <h3>Change {user.username}</h3>
      <form class="controls" onSubmit={save}>
        <div class="field"><label for="edit-name">Name</label><input id="edit-name" value={displayName} onInput={(e) => setDisplayName(e.currentTarget.value)} /></div>
        <div class="field"><label for="edit-role">Role</label>
          <select id="edit-role" value={role} onChange={(e) => setRole(e.currentTarget.value)}>{roles.map((r) => <option value={r.name}>{r.name}</option>)}</select></div>
        <div class="field"><label for="edit-agency">Agency</label>
          <select id="edit-agency" value={agency} onChange={(e) => setAgency(e.currentTarget.value)}>{agencies.map((a) => <option value={a.name}>{a.name}</option>)}</select></div>
        <button type="submit" class="primary">Save changes</button>
        <button type="button" onClick={onClose}>Cancel</button>
      </form>
      <form class="controls" onSubmit={reset}>
        <div class="field"><label for="edit-password">New password</label>
          <input id="edit-password" type="password" autoComplete="new-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} /></div>
        <button type="submit" disabled={!password}>Reset password</button>
      </form>
    </div>
  );
}

function CreateUser({ roles, agencies, onCreated }: { roles: RoleInfo[]; agencies: Agency[]; onCreated: (username: string) => void }) {
  const empty = { username: '', display_name: '', role: 'member', agency: agencies[0]?.name ?? '', password: '' };
  const [form, setForm] = useState(empty);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof empty) => (e: Event) => setForm({ ...form, [k]: (e.currentTarget as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true); setError('');
    try {
      await sendJson('POST', '/api/users', form);
      onCreated(form.username);
      setForm(empty);
    } catch (err) { setError(messageOf(err)); }
    setBusy(false);
  };
  return (
    <form class="card controls" onSubmit={submit} aria-labelledby="create-user-title">
      <h3 id="create-user-title">Add a user</h3>
      <div class="field"><label for="new-username">Username</label><input id="new-username" required value={form.username} onInput={set('username')} autoComplete="off" /></div>
      <div class="field"><label for="new-name">Name</label><input id="new-name" value={form.display_name} onInput={set('display_name')} /></div>
      <div class="field"><label for="new-role">Role</label>
        <select id="new-role" value={form.role} onChange={set('role')}>{roles.map((r) => <option value={r.name}>{r.name}</option>)}</select></div>
      <div class="field"><label for="new-agency">Agency</label>
        <select id="new-agency" value={form.agency} onChange={set('agency')}>{agencies.map((a) => <option value={a.name}>{a.name}</option>)}</select></div>
      <div class="field"><label for="new-password">Password</label><input id="new-password" type="password" required autoComplete="new-password" value={form.password} onInput={set('password')} /></div>
      <button type="submit" class="primary" disabled={busy || !form.username || !form.password}>Add user</button>
      <ErrorBox message={error} />
    </form>
  );
}

function Agencies() {
  const agencies = useApi<Agency[]>('/api/agencies');
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError('');
    try { await sendJson('POST', '/api/agencies', { name: name.trim() }); setName(''); agencies.reload(); } catch (err) { setError(messageOf(err)); }
  };
  return (
    <section aria-labelledby="agencies-title">
      <h2 id="agencies-title">Agencies</h2>
      <ErrorBox message={agencies.error} />
      {agencies.loading && !agencies.data && <Loading what="agencies" />}
      {agencies.data && <ul class="plain-list" id="agency-list">{agencies.data.map((a) => <li>{a.name}</li>)}</ul>}
      <form class="controls" onSubmit={submit}>
        <div class="field"><label for="new-agency-name">New agency</label><input id="new-agency-name" value={name} onInput={(e) => setName(e.currentTarget.value)} /></div>
        <button type="submit" class="primary" disabled={!name.trim()}>Add agency</button>
      </form>
      <ErrorBox message={error} />
    </section>
  );
}

function Roles() {
  const roles = useApi<RoleInfo[]>('/api/roles');
  return (
    <section aria-labelledby="roles-title">
      <h2 id="roles-title">Roles</h2>
      <ErrorBox message={roles.error} />
      {roles.loading && <Loading what="roles" />}
      {roles.data && (
        <table>
          <thead><tr><th scope="col">Role</th><th scope="col">What it is for</th><th scope="col">Permissions</th></tr></thead>
          <tbody>{roles.data.map((r) => <tr><th scope="row">{r.name}</th><td>{r.description}</td><td>{r.permissions.join(', ')}</td></tr>)}</tbody>
        </table>
      )}
    </section>
  );
}

const auditPage = 50;

function Audit() {
  const [username, setUsername] = useState('');
  const [action, setAction] = useState('');
  const [applied, setApplied] = useState({ username: '', action: '' });
  // Each entry is the `before` id of a page already seen, so "Newer" can step back.
  const [pages, setPages] = useState<(number | undefined)[]>([undefined]);
  const before = pages[pages.length - 1];
  const entries = useApi<AuditEntry[]>('/api/audit' + query({ ...applied, before, limit: auditPage }));
  const filter = (e: Event) => { e.preventDefault(); setApplied({ username: username.trim(), action: action.trim() }); setPages([undefined]); };
  const rows = entries.data ?? [];
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit log</h2>
      <form class="controls" onSubmit={filter}>
        <div class="field"><label for="audit-user">Username</label><input id="audit-user" value={username} onInput={(e) => setUsername(e.currentTarget.value)} /></div>
        <div class="field"><label for="audit-action">Action</label><input id="audit-action" value={action} list="audit-actions" onInput={(e) => setAction(e.currentTarget.value)} />
          <datalist id="audit-actions">{['sign-in', 'sign-in-failed', 'sign-out', 'import', 'export', 'read-incidents', 'read-rejections', 'user-created', 'user-changed'].map((a) => <option value={a} />)}</datalist></div>
        <button type="submit" class="primary">Filter</button>
      </form>
      <ErrorBox message={entries.error} />
      {entries.loading && <Loading what="the audit log" />}
      {entries.data && (rows.length === 0 ? <p class="muted">No entries.</p> : (
        <div class="table-wrap tall" tabIndex={0} role="region" aria-labelledby="audit-title">
          <table id="audit-table">
            <thead><tr><th scope="col">When</th><th scope="col">User</th><th scope="col">Agency</th><th scope="col">Client</th><th scope="col">Action</th>
              <th scope="col">Target</th><th scope="col">Detail</th><th scope="col">Allowed</th></tr></thead>
            <tbody>{rows.map((a) => (
              <tr class={a.allowed ? '' : 'refused'}><td>{timeText(a.at)}</td><td>{a.username || '—'}</td><td>{a.agency}</td><td>{a.client}</td>
                <td>{a.action}</td><td class="wrap">{a.target}</td><td class="wrap">{a.detail}</td><td>{a.allowed ? 'yes' : 'refused'}</td></tr>
            ))}</tbody>
          </table>
        </div>
      ))}
      <div class="pager">
        <button type="button" disabled={pages.length === 1} onClick={() => setPages(pages.slice(0, -1))}>Newer</button>
        <button type="button" disabled={rows.length < auditPage} onClick={() => setPages([...pages, rows[rows.length - 1].id])}>Older</button>
      </div>
    </section>
  );
}
