/**
 * Turns JavaScript stack traces off for a resource's registration (`super(...)`, in a try whose
 * finally calls what this returns: TypeScript allows super() in no callback). Pulumi's SDK captures
 * `new Error().stack` for each of the four promises behind every output property, to name the
 * place in its report of promises left pending at exit. An ITCare resource has ~20 properties
 * (inputs and the model's outputs), so that is ~80 stack strings per resource: about a third of
 * the program's memory per resource at 500 (bench P4). Pulumi records where the resource was
 * declared with its own unlimited stack (Resource.callsites), so source positions are unchanged;
 * only that leak report, and the stack of an error thrown while registering, lose their frames
 * (their messages are kept). The limit is restored at once, whatever happens.
 */
export function stacksOff(): () => void {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  return () => {
    Error.stackTraceLimit = limit;
  };
}
