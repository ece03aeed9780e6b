/** Body of every error answer. `code` is stable and machine-readable; `message` is for people. */
export interface IPaymentError {
  code: string;
  message: string;
}
