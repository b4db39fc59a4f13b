/** The Directory Ops mark: a directory node with three federated peers. */
export const LogoIcon = () => (
  <svg
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 32 32"
    height={28}
    role="img"
    aria-label="Directory Ops"
  >
    <g stroke="#7df3e1" strokeWidth={2.5} fill="none">
      <line x1="16" y1="16" x2="6" y2="7" />
      <line x1="16" y1="16" x2="26" y2="7" />
      <line x1="16" y1="16" x2="16" y2="28" />
    </g>
    <circle cx="16" cy="16" r="6" fill="#7df3e1" />
    <circle cx="6" cy="7" r="3.5" fill="#7df3e1" />
    <circle cx="26" cy="7" r="3.5" fill="#7df3e1" />
    <circle cx="16" cy="28" r="3.5" fill="#7df3e1" />
  </svg>
);
