import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { PlatformEnvironmentSummary } from '@internal/backstage-plugin-eks-platform-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { eksPlatformApiRef, EksPlatformClient } from '../../api';
import { EnvironmentPicker } from './EnvironmentPicker';

const BASE = 'http://backend.test/api/eks-platform';

const environments: PlatformEnvironmentSummary[] = [
  {
    name: 'dev',
    title: 'Development',
    description: 'Every merge deploys here.',
    cluster: 'dev-eu',
    region: 'eu-west-1',
    promotion: 'automatic',
  },
  {
    name: 'prod',
    title: 'prod',
    description: '',
    cluster: 'prod-eu',
    region: 'eu-central-1',
    promotion: 'pull-request',
  },
];

// The first render loads MUI and the test app; give it time on busy CI cores.
const SLOW = { timeout: 5000 };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** The real client over HTTP: plugin:// resolved the way the app's fetch API does. */
const client = new EksPlatformClient({
  fetchApi: {
    fetch: (input, init) =>
      fetch(String(input).replace('plugin://eks-platform', BASE), init),
  },
});

function renderPicker(
  props: { formData?: string[]; selectAllByDefault?: boolean } = {},
) {
  const onChange = jest.fn();
  renderInTestApp(
    <EnvironmentPicker
      {...({} as any)}
      formData={props.formData}
      onChange={onChange}
      schema={{ title: 'Environments', description: 'Where it runs.' }}
      uiSchema={{
        'ui:options': { selectAllByDefault: props.selectAllByDefault },
      }}
      rawErrors={[]}
      required
      idSchema={{ $id: 'root_environments' } as any}
    />,
    { apis: [[eksPlatformApiRef, client]] },
  );
  return onChange;
}

describe('EnvironmentPicker', () => {
  it('offers the configured environments with cluster, region and promotion, and selects all of a new form', async () => {
    server.use(
      http.get(`${BASE}/v1/environments`, () =>
        HttpResponse.json({ items: environments }),
      ),
    );
    const onChange = renderPicker();
    expect(
      await screen.findByLabelText(/Development \(dev\)/, undefined, SLOW),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /cluster dev-eu, eu-west-1, deployed on merge\. Every merge deploys here\./,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /cluster prod-eu, eu-central-1, promoted by pull request/,
      ),
    ).toBeInTheDocument();
    await waitFor(
      () => expect(onChange).toHaveBeenCalledWith(['dev', 'prod']),
      SLOW,
    );
  });

  it.each([[[]], [['']], [[undefined]], [[null]]])(
    'treats the form default %j as no choice and selects every environment',
    async formData => {
      server.use(
        http.get(`${BASE}/v1/environments`, () =>
          HttpResponse.json({ items: environments }),
        ),
      );
      const onChange = renderPicker({ formData: formData as string[] });
      await waitFor(() =>
        expect(onChange).toHaveBeenCalledWith(['dev', 'prod']),
      );
      expect(
        screen.queryByText(/Not a platform environment/),
      ).not.toBeInTheDocument();
    },
  );

  it('keeps a value already set and changes it in config order', async () => {
    server.use(
      http.get(`${BASE}/v1/environments`, () =>
        HttpResponse.json({ items: environments }),
      ),
    );
    const onChange = renderPicker({ formData: ['prod'] });
    const dev = await screen.findByRole(
      'checkbox',
      { name: /Development/ },
      SLOW,
    );
    expect(dev).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: /^prod/ })).toBeChecked();
    fireEvent.click(dev);
    expect(onChange).toHaveBeenLastCalledWith(['dev', 'prod']);
    expect(onChange).not.toHaveBeenCalledWith(['prod', 'dev']);
  });

  it('selects nothing by itself when ui:options.selectAllByDefault is false', async () => {
    server.use(
      http.get(`${BASE}/v1/environments`, () =>
        HttpResponse.json({ items: environments }),
      ),
    );
    const onChange = renderPicker({ selectAllByDefault: false });
    await screen.findByLabelText(/Development/, undefined, SLOW);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('says it is loading until the backend answers', async () => {
    let answer: () => void = () => {};
    server.use(
      http.get(
        `${BASE}/v1/environments`,
        () =>
          new Promise<Response>(resolve => {
            answer = () => resolve(HttpResponse.json({ items: environments }));
          }),
      ),
    );
    renderPicker();
    expect(
      await screen.findByText(
        /Loading the platform's environments/,
        undefined,
        SLOW,
      ),
    ).toBeInTheDocument();
    answer();
    expect(
      await screen.findByLabelText(/Development/, undefined, SLOW),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(/Loading the platform's environments/),
    ).not.toBeInTheDocument();
  });

  it('says the platform has none, and what to do, when the list is empty', async () => {
    server.use(
      http.get(`${BASE}/v1/environments`, () =>
        HttpResponse.json({ items: [] }),
      ),
    );
    const onChange = renderPicker();
    expect(
      await screen.findByText(
        /no environments configured yet/,
        undefined,
        SLOW,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalledWith(expect.anything());
  });

  it("shows the backend's error (e.g. a denied permission) instead of choices", async () => {
    server.use(
      http.get(`${BASE}/v1/environments`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'NotAllowedError',
              message:
                'You are not allowed to list the platform environments (eks.platform.environments.read)',
            },
            response: { statusCode: 403 },
          },
          { status: 403 },
        ),
      ),
    );
    renderPicker();
    expect(
      await screen.findByText(
        /Could not load the platform's environments/,
        undefined,
        SLOW,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/eks\.platform\.environments\.read/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('checkbox')).not.toBeInTheDocument();
  });

  it('flags a chosen name the platform does not offer', async () => {
    server.use(
      http.get(`${BASE}/v1/environments`, () =>
        HttpResponse.json({ items: environments }),
      ),
    );
    renderPicker({ formData: ['dev', 'qa'] });
    expect(
      await screen.findByText(
        'Not a platform environment: qa',
        undefined,
        SLOW,
      ),
    ).toBeInTheDocument();
  });
});
