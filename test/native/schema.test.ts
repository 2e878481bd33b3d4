import { catalog } from '../../sdk/resources';
import { renderSchema } from '../../native/schema';
import { FUNCTIONS, tokenOf } from '../../native/tokens';

test('every resource has its token, its inputs, its secrets as secrets, and resourceId; every lookup a function', () => {
  const schema = JSON.parse(renderSchema());
  for (const [key, d] of Object.entries(catalog)) {
    const r = schema.resources[tokenOf(key)];
    expect(r).toBeDefined();
    for (const field of Object.keys(d.create.shape)) expect(r.inputProperties[field]).toBeDefined();
    for (const s of (d as { secrets?: readonly string[] }).secrets ?? []) expect(r.inputProperties[s].secret).toBe(true);
    expect(Object.keys(r.inputProperties).filter((k) => k.startsWith('__'))).toEqual([]);
    expect(r.properties.resourceId).toBeDefined();
  }
  expect(schema.resources['itcare:compute:Instance'].inputProperties.cpu.description).toMatch(
    /^integer 1–64\. A change: in place: `resize`/,
  );
  expect(schema.types['itcare:compute:InstancePowerState'].enum.map((e: { value: string }) => e.value)).toEqual(['running', 'stopped']);
  expect(schema.config.variables.clientSecret.secret).toBe(true);
  for (const { token } of Object.values(FUNCTIONS)) expect(schema.functions[token].outputs.properties).toBeDefined();
});
