import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";

import { paidByCard } from "../../internal/lifecycle";
import { assert } from "../../internal/pgs";
import { TestContext } from "../../TestContext";

/**
 * A client that validates answers with a strict JSON Schema 2020-12 validator (Ajv) against
 * the served OpenAPI document accepts real payments of each PG: no member of a union overlaps
 * another (a PortOne card payment once matched two members of its `method`).
 */
export async function test_openapi_document_validates_real_answers_strictly(ctx: TestContext): Promise<void> {
  const document = (await (await fetch(`${ctx.host}/docs/openapi.json`)).json()) as { components: { schemas: Record<string, unknown> } };
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ $id: "payments-server", components: document.components });
  const check = ajv.compile({
    oneOf: ["ITossHistory", "IIamportHistory", "IPortOneHistory"].map((n) => ({ $ref: `payments-server#/components/schemas/IPaymentHistory.${n}` })),
  });
  for (const vendor of ["toss.payments", "iamport", "portone"] as const) {
    const { history } = await paidByCard(ctx, vendor, 12_000);
    assert(check(JSON.parse(JSON.stringify(history))), `${vendor}: a paid payment validates: ${ajv.errorsText(check.errors, { separator: "; " })}`);
  }
}
