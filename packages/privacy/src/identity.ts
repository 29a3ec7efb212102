import { isDay } from "@vigil/calendar";
import { normaliseNationalId } from "./pseudonym.ts";

/** Who a patient is: kept only inside a JWE sealed to the re-identification authority. */
export interface PatientIdentity {
  nationalId: string;
  name: string;
  /** YYYY-MM-DD */
  birthDate: string;
  phone: string;
  address?: string | null;
}

/** A field that failed, named by field only: the message never repeats the (personal) value. */
export class IdentityError extends RangeError {
  constructor(
    readonly field: keyof PatientIdentity,
    message: string,
  ) {
    super(message);
  }
}

/** Check and normalise an identity; errors name the field, never its value. */
export function checkIdentity(input: PatientIdentity): PatientIdentity {
  let nationalId: string;
  try {
    nationalId = normaliseNationalId(input.nationalId);
  } catch (e) {
    throw new IdentityError("nationalId", (e as Error).message);
  }
  const name = input.name.normalize("NFC").trim();
  if (name.length < 1 || name.length > 200) throw new IdentityError("name", "name must be 1 to 200 characters");
  if (!isDay(input.birthDate)) throw new IdentityError("birthDate", "birthDate must be a day (YYYY-MM-DD)");
  const phone = input.phone.replace(/[\s\-().]/g, "");
  if (!/^\+?[0-9]{5,20}$/.test(phone)) throw new IdentityError("phone", "phone must be 5 to 20 digits (an optional leading +)");
  const address = input.address?.normalize("NFC").trim() || null;
  if (address && address.length > 500) throw new IdentityError("address", "address must be at most 500 characters");
  return { nationalId, name, birthDate: input.birthDate, phone, address };
}
