"use client";

import { fromDateTimeLocal, toDateTimeLocal } from "@/lib/console/timeRange";
import type { Fault, HeaderMatch } from "@/lib/mesh/schema";
import { Issues, NumberField, OptionalSection, TextField } from "./fields";

const EXPIRY_CHOICES = [
  { label: "5 min", ms: 5 * 60_000 },
  { label: "15 min", ms: 15 * 60_000 },
  { label: "1 hour", ms: 3_600_000 },
  { label: "1 day", ms: 86_400_000 },
];

/** A fault rule: delay and/or abort for a percentage of requests, optionally only with a header, until a time. */
export function FaultEditor({
  fault,
  path,
  onChange,
}: {
  fault: Fault | undefined;
  path: string;
  onChange: (fault: Fault | undefined) => void;
}) {
  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();
  return (
    <OptionalSection
      title="Fault injection"
      present={fault !== undefined}
      onAdd={() => onChange({ abort: { percentage: 10, httpStatus: 503 }, expiresAt: inAnHour() })}
      onRemove={() => onChange(undefined)}
    >
      {fault && <FaultFields fault={fault} path={path} onChange={onChange} />}
    </OptionalSection>
  );
}

function FaultFields({
  fault,
  path,
  onChange,
}: {
  fault: Fault;
  path: string;
  onChange: (fault: Fault) => void;
}) {
  const header = fault.headers?.[0];
  const setHeader = (next: HeaderMatch | undefined) => {
    const { headers: _old, ...rest } = fault;
    onChange(next ? { ...rest, headers: [next] } : rest);
  };
  const abortStatus = fault.abort?.grpcStatus !== undefined ? "grpc" : "http";
  return (
    <>
      <div className="row">
        <label className="inline">
          <input
            type="checkbox"
            checked={fault.delay !== undefined}
            onChange={(event) => {
              const { delay: _old, ...rest } = fault;
              onChange(
                event.target.checked ? { ...rest, delay: { percentage: 10, duration: "500ms" } } : rest,
              );
            }}
          />
          Delay
        </label>
        {fault.delay && (
          <>
            <NumberField
              label="Delay %"
              path={`${path}.delay.percentage`}
              value={fault.delay.percentage}
              step={0.1}
              onChange={(v) =>
                fault.delay && onChange({ ...fault, delay: { ...fault.delay, percentage: v ?? 0 } })
              }
            />
            <TextField
              label="Delay by"
              path={`${path}.delay.duration`}
              value={fault.delay.duration}
              placeholder="500ms"
              onChange={(v) =>
                fault.delay && onChange({ ...fault, delay: { ...fault.delay, duration: v ?? "" } })
              }
            />
          </>
        )}
      </div>
      <div className="row">
        <label className="inline">
          <input
            type="checkbox"
            checked={fault.abort !== undefined}
            onChange={(event) => {
              const { abort: _old, ...rest } = fault;
              onChange(event.target.checked ? { ...rest, abort: { percentage: 10, httpStatus: 503 } } : rest);
            }}
          />
          Abort
        </label>
        {fault.abort && (
          <>
            <NumberField
              label="Abort %"
              path={`${path}.abort.percentage`}
              value={fault.abort.percentage}
              step={0.1}
              onChange={(v) =>
                fault.abort && onChange({ ...fault, abort: { ...fault.abort, percentage: v ?? 0 } })
              }
            />
            <div className="field">
              <label>
                Status kind
                <select
                  value={abortStatus}
                  onChange={(event) => {
                    const percentage = fault.abort?.percentage ?? 10;
                    onChange({
                      ...fault,
                      abort:
                        event.target.value === "grpc"
                          ? { percentage, grpcStatus: 14 }
                          : { percentage, httpStatus: 503 },
                    });
                  }}
                >
                  <option value="http">HTTP</option>
                  <option value="grpc">gRPC</option>
                </select>
              </label>
            </div>
            <NumberField
              label={abortStatus === "grpc" ? "gRPC status" : "HTTP status"}
              path={`${path}.abort.${abortStatus === "grpc" ? "grpcStatus" : "httpStatus"}`}
              value={abortStatus === "grpc" ? fault.abort.grpcStatus : fault.abort.httpStatus}
              onChange={(v) => {
                const percentage = fault.abort?.percentage ?? 10;
                onChange({
                  ...fault,
                  abort:
                    abortStatus === "grpc" ? { percentage, grpcStatus: v } : { percentage, httpStatus: v },
                });
              }}
            />
          </>
        )}
      </div>
      <Issues path={`${path}.abort`} />
      <div className="row">
        <TextField
          label="Only with header"
          path={`${path}.headers[0].name`}
          value={header?.name}
          placeholder="x-chaos"
          onChange={(name) =>
            setHeader(
              name
                ? { name, ...(header?.exact !== undefined ? { exact: header.exact } : { present: true }) }
                : undefined,
            )
          }
        />
        {header && (
          <TextField
            label="equal to (empty: present)"
            path={`${path}.headers[0].exact`}
            value={header.exact}
            onChange={(exact) =>
              setHeader(
                exact === undefined ? { name: header.name, present: true } : { name: header.name, exact },
              )
            }
          />
        )}
      </div>
      <div className="row">
        <div className="field">
          <label>
            Expires
            <input
              type="datetime-local"
              value={fault.expiresAt ? toDateTimeLocal(Date.parse(fault.expiresAt)) : ""}
              onChange={(event) => {
                const iso = fromDateTimeLocal(event.target.value);
                const { expiresAt: _old, ...rest } = fault;
                onChange(iso ? { ...rest, expiresAt: iso } : rest);
              }}
            />
          </label>
          <Issues path={`${path}.expiresAt`} />
        </div>
        {EXPIRY_CHOICES.map((choice) => (
          <button
            key={choice.label}
            type="button"
            className="secondary"
            onClick={() => onChange({ ...fault, expiresAt: new Date(Date.now() + choice.ms).toISOString() })}
          >
            in {choice.label}
          </button>
        ))}
        {!fault.expiresAt && <span className="warn">no expiry: the fault stays until removed</span>}
      </div>
      <Issues path={path} />
    </>
  );
}
