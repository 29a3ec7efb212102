// The session cookie the API sets on POST /auth/login (httpOnly: page scripts never see the token).
// Shared by the proxy (presence check) and the server-side API client (the token itself).
export const SESSION_COOKIE = "vigil_session";
