import { EncryptedBody, EncryptedController, EncryptedRoute, TypedParam } from "@nestia/core";
import { Inject, Module, NotFoundException, UnprocessableEntityException } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import { FastifyAdapter, NestFastifyApplication } from "@nestjs/platform-fastify";
import fs from "node:fs";
import { tags } from "typia";

import { type IFloorConfig, type IFloorRegistration, type IFloorWork, floorWork, runAlone } from "./floor";

/**
 * The stack's floor: the floor's work (bench/floor.ts, the same functions) served the way this
 * project's conventions serve a route: Nest on Fastify, a nestia `EncryptedController`,
 * `EncryptedRoute.Patch(":id")` with `TypedParam` and `EncryptedBody` (typia-validated) and
 * `EncryptedRoute.Post()`. None of payments-server's own code runs (no hooks, metrics, pipes,
 * filters, logger, password guard, idempotency, outbox): the ratio stack/floor is what the
 * framework alone costs, and server/stack what our code costs above it. Its own process:
 * `node lib/bench/stack.js CONFIG.json PORT`; prints "ready" once listening.
 */
interface IAccess {
  password: string;
}

const WORK = Symbol("WORK");
let keys: { key: string; iv: string } = { key: "", iv: "" };

@EncryptedController("payments/histories", () => keys)
class StackController {
  public constructor(@Inject(WORK) private readonly work: IFloorWork) {}

  @EncryptedRoute.Patch(":id")
  public async at(@TypedParam("id") id: string & tags.Format<"uuid">, @EncryptedBody() input: IAccess): Promise<object> {
    const found = await this.work.read(id, input);
    if (found === null) throw new NotFoundException();
    return found;
  }

  @EncryptedRoute.Post()
  public async create(@EncryptedBody() input: IFloorRegistration): Promise<object> {
    const found = await this.work.register(input);
    if (found === null) throw new UnprocessableEntityException();
    return found;
  }
}

export async function openStack(config: IFloorConfig): Promise<{ close(): Promise<void> }> {
  if (config.databaseUrl === null) throw new Error("the stack floor runs on PostgreSQL only");
  keys = { key: config.client.key, iv: config.client.iv };
  const work = await floorWork(config);
  @Module({ controllers: [StackController], providers: [{ provide: WORK, useValue: work }] })
  class StackModule {}
  const app = await NestFactory.create<NestFastifyApplication>(StackModule, new FastifyAdapter({ bodyLimit: 1 << 20 }), { logger: false });
  await app.listen(config.port, "127.0.0.1");
  return {
    close: async () => {
      await app.close();
      await work.close();
    },
  };
}

if (require.main === module) {
  const config = JSON.parse(fs.readFileSync(process.argv[2]!, "utf8")) as IFloorConfig;
  runAlone(openStack({ ...config, port: Number(process.argv[3]) }));
}
