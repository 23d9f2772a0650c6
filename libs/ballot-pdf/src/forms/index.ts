export { renderCureAffidavit, type CureAffidavitInput } from './cure-affidavit';
export { renderFwabPacket, type FwabPacketInput } from './fwab';
export { renderFpca, type FpcaFormInput } from './fpca';
export type { FormResult } from './common';
