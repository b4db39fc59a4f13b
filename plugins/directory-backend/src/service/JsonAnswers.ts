import { createHash } from 'node:crypto';
import type { Response } from 'express';

/**
 * JSON answers serialized once per value: the store hands out the same object
 * until a replica writes a new result, so repeated card reads send the same
 * bytes and ETag without serializing or hashing again.
 */
export class JsonAnswers<T extends object> {
  readonly #answers = new WeakMap<T, { body: Buffer; etag: string }>();

  /** Sends `value` as JSON (304 when the caller's copy is current). */
  send(res: Response, value: T): void {
    let answer = this.#answers.get(value);
    if (!answer) {
      const body = Buffer.from(JSON.stringify(value), 'utf8');
      // A weak validator in the form Express gives its own answers.
      const hash = createHash('sha1').update(body).digest('base64');
      answer = {
        body,
        etag: `W/"${body.length.toString(16)}-${hash.substring(0, 27)}"`,
      };
      this.#answers.set(value, answer);
    }
    res.set('Content-Type', 'application/json; charset=utf-8');
    res.set('ETag', answer.etag);
    res.send(answer.body);
  }
}
