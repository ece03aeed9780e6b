import { TypedBody, TypedParam, TypedRoute } from "@nestia/core";
import { Controller, Get, Header, Inject, Query, Req, Res } from "@nestjs/common";
import type { FastifyReply, FastifyRequest } from "fastify";
import typia, { tags } from "typia";

import type { IOperatorConsole } from "../api/structures/IOperatorConsole";
import { PaymentCancelProvider } from "../providers/cancels/PaymentCancelProvider";
import { PaymentContext } from "../providers/PaymentContext";
import { PaymentError } from "../utils/PaymentError";
import { ConsoleHealth } from "./ConsoleHealth";
import { consoleQuery } from "./ConsoleInput";
import { ConsolePage } from "./ConsolePage";
import { ConsoleQueries } from "./ConsoleQueries";
import { ConsoleSessions } from "./ConsoleSessions";
import { ConsoleSettlements } from "./ConsoleSettlements";

/**
 * The operator console: its page (`GET /console`) and the JSON routes it reads, behind its own
 * sign-in (a session cookie). Not part of the SDK: it is the console's, not a client's, API.
 */
@Controller("console")
export class ConsoleController {
  public constructor(
    @Inject(PaymentContext) private readonly ctx: PaymentContext,
    @Inject(ConsoleSessions) private readonly sessions: ConsoleSessions,
    @Inject(ConsoleQueries) private readonly queries: ConsoleQueries,
    @Inject(ConsoleHealth) private readonly charts: ConsoleHealth,
    @Inject(ConsoleSettlements) private readonly settlements: ConsoleSettlements,
    @Inject(PaymentCancelProvider) private readonly cancels: PaymentCancelProvider,
  ) {}

  @Get()
  @Header("content-type", "text/html; charset=utf-8")
  @Header("cache-control", "no-store")
  @Header("content-security-policy", "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
  @Header("x-frame-options", "DENY")
  public page(): string {
    this.sessions.enabled();
    return ConsolePage.html();
  }

  @TypedRoute.Post("api/session")
  public async signIn(@TypedBody() input: IOperatorConsole.ISignIn, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<IOperatorConsole.ISession> {
    const { token, session } = await this.sessions.signIn(input, req.ip);
    void reply.header("set-cookie", this.sessions.cookie(token));
    return session;
  }

  @TypedRoute.Get("api/session")
  public session(@Req() req: FastifyRequest): Promise<IOperatorConsole.ISession> {
    return this.sessions.require(req.headers.cookie);
  }

  @TypedRoute.Delete("api/session")
  public async signOut(@Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ signed_out: true }> {
    await this.sessions.signOut(req.headers.cookie);
    void reply.header("set-cookie", `${ConsoleSessions.COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0`);
    return { signed_out: true };
  }

  @TypedRoute.Get("api/payments")
  public async payments(@Req() req: FastifyRequest, @Query() raw: Record<string, unknown>): Promise<IOperatorConsole.IPaymentPage> {
    await this.sessions.require(req.headers.cookie);
    return this.queries.payments(consoleQuery(raw, typia.http.createValidateQuery<IOperatorConsole.IPaymentSearch>()));
  }

  /** A payment's whole story: the view goes into the access trail. */
  @TypedRoute.Get("api/payments/:id")
  public async payment(@Req() req: FastifyRequest, @TypedParam("id") id: string & tags.Format<"uuid">): Promise<IOperatorConsole.IPaymentStory> {
    const session = await this.sessions.require(req.headers.cookie);
    const story = await this.queries.story(id);
    this.ctx.trail.record({ at: new Date(), actor_kind: "operator", actor_id: session.operator, action: "read", method: "GET", route: "/console/api/payments/:id", record_kind: "payment", record_id: id, address: req.ip, status: 200 });
    return story;
  }

  /** An operator refunds a payment (in full or in part); logged and in the access trail with who did it. */
  @TypedRoute.Post("api/payments/:id/cancel")
  public async cancel(@Req() req: FastifyRequest, @TypedParam("id") id: string & tags.Format<"uuid">, @TypedBody() input: IOperatorConsole.ICancel): Promise<IOperatorConsole.IPaymentStory> {
    const session = await this.sessions.require(req.headers.cookie, "operator");
    let status = 200;
    try {
      await this.cancels.cancelAsOperator(id, { ...(input.amount !== undefined ? { price: input.amount } : {}), reason: input.reason });
      this.sessions.acted(session, "cancel", { history_id: id, amount: input.amount ?? "all", reason: input.reason });
    } catch (exp) {
      status = exp instanceof PaymentError ? exp.status : 500;
      throw exp;
    } finally {
      // The attempt is in the trail with how it ended, refused or not.
      this.ctx.trail.record({ at: new Date(), actor_kind: "operator", actor_id: session.operator, action: "change", method: "POST", route: "/console/api/payments/:id/cancel", record_kind: "payment", record_id: id, address: req.ip, status });
    }
    return this.queries.story(id);
  }

  @TypedRoute.Get("api/webhooks")
  public async webhooks(@Req() req: FastifyRequest): Promise<IOperatorConsole.IWebhooks> {
    await this.sessions.require(req.headers.cookie);
    return this.queries.webhooks();
  }

  @TypedRoute.Post("api/webhooks/replay-dead")
  public async replayDead(@Req() req: FastifyRequest, @TypedBody() input: IOperatorConsole.IReplayEndpoint): Promise<IOperatorConsole.IReplayed> {
    const session = await this.sessions.require(req.headers.cookie, "operator");
    const done = await this.queries.replayDead(input);
    this.sessions.acted(session, "replay_dead", { client_id: input.client_id, events: done.replayed });
    return done;
  }

  @TypedRoute.Post("api/webhooks/:id/replay")
  public async replay(@Req() req: FastifyRequest, @TypedParam("id") id: string & tags.Format<"uuid">): Promise<IOperatorConsole.IReplayed> {
    const session = await this.sessions.require(req.headers.cookie, "operator");
    const done = await this.queries.replay(id);
    this.sessions.acted(session, "replay", { event_id: id });
    return done;
  }

  @TypedRoute.Get("api/health")
  public async health(@Req() req: FastifyRequest, @Query() raw: Record<string, unknown>): Promise<IOperatorConsole.IHealth> {
    await this.sessions.require(req.headers.cookie);
    return this.charts.health(consoleQuery(raw, typia.http.createValidateQuery<IOperatorConsole.IHealthRequest>()).hours ?? 24);
  }

  /** The charting library (uPlot), served from the package: the console needs no network. */
  @Get("assets/uplot.js")
  @Header("content-type", "application/javascript; charset=utf-8")
  @Header("cache-control", "public, max-age=86400")
  public chartScript(): string {
    this.sessions.enabled();
    return ConsolePage.asset("uPlot.iife.min.js");
  }

  @Get("assets/uplot.css")
  @Header("content-type", "text/css; charset=utf-8")
  @Header("cache-control", "public, max-age=86400")
  public chartStyle(): string {
    this.sessions.enabled();
    return ConsolePage.asset("uPlot.min.css");
  }

  @TypedRoute.Get("api/settlements")
  public async settlementsOf(@Req() req: FastifyRequest, @Query() raw: Record<string, unknown>): Promise<IOperatorConsole.ISettlements> {
    await this.sessions.require(req.headers.cookie);
    return this.settlements.read(consoleQuery(raw, typia.http.createValidateQuery<IOperatorConsole.ISettlementsRequest>()));
  }

  @TypedRoute.Get("api/inbox")
  public async inbox(@Req() req: FastifyRequest, @Query() raw: Record<string, unknown>): Promise<IOperatorConsole.IInbox> {
    await this.sessions.require(req.headers.cookie);
    return this.queries.inbox(consoleQuery(raw, typia.http.createValidateQuery<IOperatorConsole.IInboxRequest>()));
  }
}
