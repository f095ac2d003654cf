/** One problem with one input field, as returned to API clients (and read by the site). */
export interface FieldProblem {
  field: string;
  problem: string;
}
