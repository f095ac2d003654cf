/**
 * One activity record as the week grid shows it: what the metrics API's week routes return in
 * `entries`, and what the site's week page reads. One definition for both sides of the API.
 */
export interface WeekEntry {
  id: string;
  engineerId: string;
  engineer: string;
  customer: string;
  project: string;
  activity: string;
  date: string;
  hours: number;
  notes?: string;
}
