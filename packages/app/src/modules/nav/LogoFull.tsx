import { LogoIcon } from './LogoIcon';

/** The Directory Ops mark and name, for the open sidebar. */
export const LogoFull = () => (
  <span
    style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}
    data-testid="app-logo"
  >
    <LogoIcon />
    <span
      style={{
        color: '#7df3e1',
        fontWeight: 700,
        fontSize: 20,
        letterSpacing: 0.2,
        whiteSpace: 'nowrap',
      }}
    >
      Directory Ops
    </span>
  </span>
);
