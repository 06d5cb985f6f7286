import { useState, type FormEvent } from 'react'
import { fieldErrors } from './field-errors'

/**
 * Saving one of the admin view's settings forms: the form's submit handler, the field errors a
 * refused save named (cleared once one goes through), and whether the last try saved.
 */
export function useSettingsSave(save: () => Promise<unknown>) {
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [saved, setSaved] = useState(false)
  const submit = async () => {
    setSaved(false)
    try {
      await save()
      setErrors({})
      setSaved(true)
    } catch (error) {
      setErrors(fieldErrors(error))
    }
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    void submit()
  }
  return { errors, saved, onSubmit }
}
