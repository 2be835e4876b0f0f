/** The default resolver of every attribute of the catalogue. */
import type { AttributeKey } from "../../domain/attributes.js";
import type { AttributeResolver } from "../types.js";
import { addressResolver } from "./address-resolver.js";
import { categoriesResolver } from "./categories-resolver.js";
import { chainResolver } from "./chain-resolver.js";
import { closedPermanentlyResolver } from "./closed-permanently-resolver.js";
import { coordinatesResolver } from "./coordinates-resolver.js";
import { cuisineResolver } from "./cuisine-resolver.js";
import { emailResolver } from "./email-resolver.js";
import { namesResolver } from "./names-resolver.js";
import { openingHoursResolver } from "./opening-hours-resolver.js";
import { phoneResolver } from "./phone-resolver.js";
import { priceTierResolver } from "./price-tier-resolver.js";
import {
  foursquarePlaceResolver,
  overturePlaceResolver,
  referenceMatchResolver,
} from "./reference-record-resolvers.js";
import { socialHandlesResolver } from "./social-handles-resolver.js";
import { websiteResolver } from "./website-resolver.js";

export const DEFAULT_RESOLVERS: Readonly<Record<AttributeKey, AttributeResolver>> = {
  closed_permanently: closedPermanentlyResolver,
  websites: websiteResolver,
  phoneNumbers: phoneResolver,
  openingHours: openingHoursResolver,
  names: namesResolver,
  address: addressResolver,
  categories: categoriesResolver,
  coordinates: coordinatesResolver,
  socialHandles: socialHandlesResolver,
  email_address: emailResolver,
  chain: chainResolver,
  cuisine: cuisineResolver,
  price_tier: priceTierResolver,
  overture_place: overturePlaceResolver,
  foursquare_place: foursquarePlaceResolver,
  reference_match: referenceMatchResolver,
};
