import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import app from './App';

describe('App', () => {
  beforeEach(() => {
    // The app reads its static configuration as an array from APP_CONFIG.
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          context: 'test',
          data: {
            app: { title: 'Directory Ops', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
        },
      ],
    } as unknown as NodeJS.ProcessEnv;
  });

  it('renders the Directory fleet page with its nav item', async () => {
    window.history.pushState({}, '', '/directory');
    render(app.createRoot());
    // No auth backend in tests: accept the fallback to the frontend guest token.
    jest.spyOn(window, 'confirm').mockReturnValue(true);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 20_000 }),
    );
    const links = await screen.findAllByRole(
      'link',
      { name: /Directory fleet/ },
      { timeout: 20_000 },
    );
    expect(links.map(link => link.getAttribute('href'))).toContain('/directory');
    expect(
      await screen.findByText(
        /The Directory backend could not be reached/,
        undefined,
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
  }, 60_000);
});
