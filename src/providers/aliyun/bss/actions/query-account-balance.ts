// QueryAccountBalance: the account's balance, the one the order book debits when an order is paid
// (AutoPay, or the console's payment: POST /_specshift/aliyun/orders/{id}/pay).
import { ownerAccount, type BssActionHandler } from '../bss-action-context.js';
import { BSS_CURRENCY, bssSuccess, money } from '../bss-render.js';

export const queryAccountBalance: BssActionHandler = async (a) => {
  const account = await ownerAccount(a);
  const balance = money(account.balanceCents);
  return bssSuccess('balance', {
    AvailableAmount: balance,
    AvailableCashAmount: balance,
    // decision: no credit line, MYbank credit or eco-partner quota is modelled
    CreditAmount: '0.00',
    MybankCreditAmount: '0.00',
    Currency: BSS_CURRENCY,
    QuotaLimit: '0.00',
  });
};
