import { renderAgentTemplate } from './agentTemplate';

describe('renderAgentTemplate (consul-template, as Vault Agent runs it)', () => {
  it('renders secret reads with the given answers and names the paths read', () => {
    const result = renderAgentTemplate(
      '{{ with secret "database/creds/rw" }}{{ .Data.username }}:{{ .LeaseDuration }}{{ end }}',
      {
        'database/creds/rw': {
          data: { username: 'v-rw-1' },
          leaseDuration: 60,
        },
      },
    );
    expect(result).toEqual({
      output: 'v-rw-1:60',
      paths: ['database/creds/rw'],
    });
  });

  it('has the agent template functions (toJSON, timestamp)', () => {
    const result = renderAgentTemplate(
      '{{ with secret "kv/data/a" }}{{ .Data.data | toJSON }}{{ end }} {{ timestamp "2006" }}',
      { 'kv/data/a': { data: { data: { k: 'v"' } } } },
    );
    expect(result.output).toMatch(/^\{"k":"v\\""\} \d{4}$/);
  });

  it('fails on a read nobody answers, and on a template that does not parse', () => {
    expect(() =>
      renderAgentTemplate('{{ with secret "a/b" }}x{{ end }}', {}),
    ).toThrow('no answer was given for "a/b"');
    expect(() => renderAgentTemplate('{{ with secret "a/b" }}', {})).toThrow(
      'parse',
    );
  });
});
