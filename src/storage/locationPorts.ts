/**
 * Repository interface for people's optional location (issue 21: marketing broadcasts can
 * target a country and region). Kept apart from UserRecord: most accounts have none, it
 * is only ever read by the person, staff and the broadcast segment, and erasure drops it
 * with the rest. Same rules as ports.ts: plain JSON-able records, one contract suite for
 * every adapter (test/contract/marketingContract.ts).
 */

/** Where a person says they are: country always, region and city when they give them. */
export interface UserLocation {
  userId: string;
  /** ISO 3166-1 alpha-2, upper case (`ZA`). */
  country: string;
  /** Province, state or region as the person wrote it (`Gauteng`). */
  region?: string;
  city?: string;
  updatedAt: string;
}

/** People's locations: one per person, replaced when it changes. */
export interface UserLocationStore {
  /** Creates or replaces the person's location. */
  setLocation(location: UserLocation): Promise<void>;
  getLocation(userId: string): Promise<UserLocation | undefined>;
  /** Removes it (the person cleared the field, or erasure). */
  removeLocation(userId: string): Promise<void>;
  /** Everyone located in a country (the domain narrows by region). */
  listInCountry(country: string): Promise<UserLocation[]>;
}
