import type { FastifyReply } from "fastify";

import type { Answer, FakeIamportService } from "../FakeIamportService";

export const FAKE_IAMPORT_SERVICE = Symbol("FAKE_IAMPORT_SERVICE");
export const FAKE_IAMPORT_HANG = Symbol("FAKE_IAMPORT_HANG");

/** Holds a reply without answering (magic TIMEOUT card); the owner drops it later. */
export type HangFn = (reply: FastifyReply) => void;

export type Headers_ = Record<string, unknown>;

/**
 * What every fake Iamport controller does with an answer: the token check, then Iamport's
 * envelope with its status. Plain Nest decorators on purpose: validation failures must come
 * back in Iamport's envelope, not in nestia's format.
 */
export abstract class FakeIamportReply {
  protected constructor(
    protected readonly service: FakeIamportService,
    private readonly hang: HangFn,
  ) {}

  protected auth(headers: Headers_, reply: FastifyReply, task: (owner: string) => Answer<unknown>): void {
    const owner: string | null = this.service.authorize(headers);
    if (owner === null) return this.send(reply, { status: 401, body: { code: -1, message: "Unauthorized", response: null } });
    this.send(reply, task(owner));
  }

  protected send(reply: FastifyReply, answer: Answer<unknown>): void {
    if (answer.hang === true) return this.hang(reply);
    void reply.status(answer.status).header("content-type", "application/json; charset=utf-8").send(answer.body);
  }
}
